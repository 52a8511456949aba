package io.sluice.bootstrap.reliability;

import io.sluice.application.port.in.Incoming;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventFields;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

/**
 * The HTTP adapter's item parser ({@code JsonItems.read} over a {@code RequestBody} in a
 * {@code BodyFormat}), reached from this package: those classes are package-private to
 * adapters-http, and the fuzz target must exercise the real code, not a copy. Bound once by name;
 * a renamed method fails the binding loudly instead of fuzzing nothing. A refusal
 * ({@code HttpProblem}) comes back as a {@link Refused} with its HTTP status and error code.
 * Thread-safe.
 */
final class HttpItemParser {

    /** The body was refused as a whole. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static final String PACKAGE = "io.sluice.adapters.http.";
    private static final MethodHandle READ;
    private static final MethodHandle BODY_OF;
    private static final MethodHandle PROBLEM_STATUS;
    private static final MethodHandle PROBLEM_CODE;
    private static final Class<?> PROBLEM;
    private static final Object JSON;
    private static final Object NDJSON;
    private static final Object NATIVE_DRAFTS;

    static {
        try {
            Class<?> items = Class.forName(PACKAGE + "JsonItems");
            Class<?> body = Class.forName(PACKAGE + "RequestBody");
            Class<?> format = Class.forName(PACKAGE + "BodyFormat");
            Class<?> reader = Class.forName(PACKAGE + "JsonItems$DraftReader");
            PROBLEM = Class.forName(PACKAGE + "HttpProblem");
            Method read = items.getDeclaredMethod("read", body, format, reader);
            Method of = body.getDeclaredMethod("of", byte[].class);
            Method status = PROBLEM.getDeclaredMethod("status");
            Method code = PROBLEM.getDeclaredMethod("code");
            for (Method method : List.of(read, of, status, code)) {
                method.setAccessible(true);
            }
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            READ = lookup.unreflect(read);
            BODY_OF = lookup.unreflect(of);
            PROBLEM_STATUS = lookup.unreflect(status);
            PROBLEM_CODE = lookup.unreflect(code);
            JSON = Enum.valueOf(format.asSubclass(Enum.class), "JSON");
            NDJSON = Enum.valueOf(format.asSubclass(Enum.class), "NDJSON");
            // The native route's reader: the document and its size to EventFields.draft.
            InvocationHandler nativeDrafts = (proxy, method, args) -> {
                if (method.getName().equals("draft")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> document = (Map<String, Object>) args[0];
                    return EventFields.draft(document, (Integer) args[1], null, EventSource.NATIVE);
                }
                return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == args[0] : "native drafts";
            };
            NATIVE_DRAFTS = Proxy.newProxyInstance(reader.getClassLoader(), new Class<?>[] {reader}, nativeDrafts);
        } catch (ReflectiveOperationException changed) {
            throw new ExceptionInInitializerError(changed);
        }
    }

    private HttpItemParser() {
    }

    /** What {@code POST /v1/events} makes of a body, before validation. */
    @SuppressWarnings("unchecked")
    static List<Incoming<EventDraft>> read(byte[] body, boolean ndjson) throws Refused {
        try {
            return (List<Incoming<EventDraft>>) READ.invoke(BODY_OF.invoke(body), ndjson ? NDJSON : JSON, NATIVE_DRAFTS);
        } catch (RuntimeException thrown) {
            if (PROBLEM.isInstance(thrown)) {
                try {
                    throw new Refused((int) PROBLEM_STATUS.invoke(thrown), (String) PROBLEM_CODE.invoke(thrown), thrown.getMessage());
                } catch (Refused refused) {
                    throw refused;
                } catch (Throwable unreachable) {
                    throw new IllegalStateException(unreachable);
                }
            }
            throw thrown;
        } catch (Error | Refused passThrough) {
            throw passThrough;
        } catch (Throwable checked) {
            throw new IllegalStateException("JsonItems.read threw a checked exception", checked);
        }
    }
}
