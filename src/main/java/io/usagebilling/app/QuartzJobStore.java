package io.usagebilling.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * camel-quartz on Quartz's JDBC job store in the application's PostgreSQL (Quartz's tables: migration
 * V7), configured by the {@code org.quartz.*} keys of application.properties. Clustered, instances
 * sharing the database fire each trigger once between them. The store gets its connections from the
 * application's pool, registered under a name of its own so several applications in one JVM (tests)
 * each use their own database.
 */
final class QuartzJobStore {

    private QuartzJobStore() {}

    static void configure(CamelContext context, DataSource dataSource) {
        Properties quartz = new Properties();
        PropertiesComponent properties = context.getPropertiesComponent();
        for (String key : properties.loadProperties(key -> key.startsWith("org.quartz.")).stringPropertyNames()) {
            quartz.setProperty(key, properties.resolveProperty(key).orElseThrow());
        }
        String name = "billing-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the application, which closes it
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
        quartz.setProperty("org.quartz.jobStore.dataSource", name);
        context.getComponent("quartz", QuartzComponent.class).setProperties(quartz);
    }
}
