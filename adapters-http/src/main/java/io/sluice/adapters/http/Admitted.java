package io.sluice.adapters.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a write route's {@link Caller} parameter: the caller {@link AccessFeature}'s filter
 * admitted, supplied by {@link AdmittedCallers}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface Admitted {
}
