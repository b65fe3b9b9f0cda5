package org.peerbook.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataGridTest {
  // stands in for Payara's invocation stack, which it keeps in an inheritable thread local too
  private static final InheritableThreadLocal<String> INVOCATION = new InheritableThreadLocal<>();

  @AfterEach
  void leaveTheInvocation() {
    INVOCATION.remove();
  }

  @Test
  void makesGridObjectsWhereTheCallersInvocationIsNotInherited() {
    INVOCATION.set("the application's request");

    String seen = DataGrid.outsideTheApplication(() -> String.valueOf(INVOCATION.get()));

    assertThat(seen).isEqualTo("null");
    assertThat(INVOCATION.get()).isEqualTo("the application's request");
  }

  @Test
  void runsOnAThreadOfItsOwn() {
    Thread caller = Thread.currentThread();

    Thread maker = DataGrid.outsideTheApplication(Thread::currentThread);

    assertThat(maker).isNotSameAs(caller);
    assertThat(maker.getName()).isEqualTo("peerbook-grid-objects");
  }

  @Test
  void aFailureReachesTheCallerAsItWasThrown() {
    IllegalStateException failure = new IllegalStateException("the grid is shutting down");

    assertThatThrownBy(
            () ->
                DataGrid.outsideTheApplication(
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
  }
}
