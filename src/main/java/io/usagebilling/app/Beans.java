package io.usagebilling.app;

import org.apache.camel.spi.Registry;

/**
 * Beans are registered under their class's name in lower camel case ({@code SyncRunRecorder} as
 * {@code syncRunRecorder}), so a route's {@code ref:} names the class it calls.
 */
public final class Beans {

    private Beans() {}

    public static String name(Class<?> type) {
        String simple = type.getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    /** Registers {@code bean} under its own class's name and returns it. */
    static <T> T bind(Registry registry, T bean) {
        registry.bind(name(bean.getClass()), bean);
        return bean;
    }

    /** Registers {@code bean} under {@code type}'s name: an interface whose implementation is configured. */
    static <T> T bind(Registry registry, Class<T> type, T bean) {
        registry.bind(name(type), type, bean);
        return bean;
    }
}
