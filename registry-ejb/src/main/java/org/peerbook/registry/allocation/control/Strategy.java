package org.peerbook.registry.allocation.control;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Names an {@link AllocationStrategy} bean, as it appears in a chain. */
@Qualifier
@Retention(RUNTIME)
@Target({TYPE, FIELD, METHOD, PARAMETER})
public @interface Strategy {
  String value();

  /** The qualifier as a value, for {@code Instance.select(new Strategy.Literal(name))}. */
  @SuppressWarnings("all")
  final class Literal extends AnnotationLiteral<Strategy> implements Strategy {
    private static final long serialVersionUID = 1L;
    private final String value;

    public Literal(String value) {
      this.value = value;
    }

    @Override
    public String value() {
      return value;
    }
  }
}
