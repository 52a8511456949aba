package io.sluice.adapters.chronicle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import net.openhft.chronicle.queue.ExcerptAppender;

/**
 * A real appender behind a proxy that runs a step of the test before every {@code writingDocument()}:
 * how the writer tests make a write fail, or hold it while other appends arrive. Everything else
 * goes to the real appender, and what it throws is thrown as is.
 */
final class InterceptedAppender {

    /** Runs before each {@code writingDocument()}; what it throws is what the writer sees. */
    @FunctionalInterface
    interface BeforeWrite {
        void run() throws Throwable;
    }

    private InterceptedAppender() {
    }

    static ExcerptAppender of(ExcerptAppender real, BeforeWrite beforeWrite) {
        return (ExcerptAppender) Proxy.newProxyInstance(ExcerptAppender.class.getClassLoader(), new Class<?>[] {ExcerptAppender.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("writingDocument")) {
                        beforeWrite.run();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException thrown) {
                        throw thrown.getCause();
                    }
                });
    }
}
