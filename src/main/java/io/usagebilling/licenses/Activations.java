package io.usagebilling.licenses;

import io.usagebilling.domain.Activation;
import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import javax.sql.DataSource;

/** Stores utility-module activations; only already validated {@link Activation}s reach it. */
public final class Activations {

    private final Jdbc jdbc;

    public Activations(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Activates (or changes the payment method of an active) billing; returns the first invoice date. */
    public LocalDate activate(Activation a, LocalDate day) {
        return jdbc.query("""
                INSERT INTO activation (company_id, module_id, terms_accepted_at, payment_token, activated_on, first_invoice_on)
                VALUES (?, ?, now(), ?, ?, ?)
                ON CONFLICT (company_id, module_id) DO UPDATE SET payment_token = excluded.payment_token
                RETURNING first_invoice_on""", rs -> Jdbc.date(rs, "first_invoice_on"),
                a.company(), a.module(), a.paymentToken(), day, Activation.firstInvoiceOn(day)).get(0);
    }
}
