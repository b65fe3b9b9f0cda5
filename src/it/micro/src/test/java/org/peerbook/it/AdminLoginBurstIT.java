package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A burst of wrong administrator passwords stalls nobody: each costs a deliberately slow hash, so
 * only a few are hashed at once and the rest are refused at once (429 or 503, Retry-After), while
 * nodes and an administrator already signed in keep being answered. (On two cores, the default of
 * {@code peerbook.admin.password-checks} is one hash at a time.)
 */
class AdminLoginBurstIT extends ArquillianIT {
  private static final int BURST = 50;

  /** Without the bound, a request behind 50 serial hashes waited tens of seconds. */
  private static final Duration PROMPT = Duration.ofSeconds(5);

  @BeforeEach
  void signInOnce() {
    // from now on the administrator's password is checked without hashing
    assertThat(api.get("registry/admin/nodes").status()).isEqualTo(200);
  }

  @Test
  void answersNodesAndTheAdministratorPromptlyDuringABurstOfWrongPasswords() throws Exception {
    Http anonymous = Http.anonymous(api.base());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    long burstStart = System.nanoTime();
    for (int i = 0; i < BURST; i++) {
      burst.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(api.base() + "registry/admin/nodes"))
                  .header(
                      "Authorization", TestAdministrator.basic(TestAdministrator.NAME, "guess" + i))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Duration node =
        timed(() -> assertThat(anonymous.get("book/public-key").status()).isEqualTo(200));
    Duration registry =
        timed(
            () ->
                assertThat(
                        anonymous
                            .post(
                                "registry/nodes",
                                Registrations.registration("burst-bystander", "127.0.0.1", 0))
                            .status())
                    .isEqualTo(200));
    Duration administrator =
        timed(() -> assertThat(api.get("registry/admin/nodes").status()).isEqualTo(200));
    CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    Duration wholeBurst = Duration.ofNanos(System.nanoTime() - burstStart);

    assertThat(node).as("public key during the burst").isLessThan(PROMPT);
    assertThat(registry).as("registration during the burst").isLessThan(PROMPT);
    assertThat(administrator).as("administrator during the burst").isLessThan(PROMPT);
    List<Integer> statuses = burst.stream().map(reply -> reply.join().statusCode()).toList();
    assertThat(statuses).allMatch(status -> status == 401 || status == 429 || status == 503);
    assertThat(statuses).filteredOn(status -> status != 401).hasSizeGreaterThan(BURST / 2);
    // one hash at a time, ~0.3 s or more each, would take 15 s or more for all of them
    assertThat(wholeBurst).as("the whole burst answered").isLessThan(Duration.ofSeconds(15));
    HttpResponse<String> refused =
        burst.stream()
            .map(CompletableFuture::join)
            .filter(r -> r.statusCode() != 401)
            .findFirst()
            .orElseThrow();
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(refused.body()).contains("\"status\":" + refused.statusCode());
  }

  @Test
  void refusesAnAddressThatKeepsGuessingWithoutHashing() {
    Http anonymous = Http.anonymous(api.base());
    List<Integer> statuses = new ArrayList<>();
    // each wrong password drains the address's allowance by one and time refills it (one every
    // 6 s by default): guessing on ends in 429 however long a hash takes on this machine (a run
    // that hashed for 2.6 s per request was still allowed 15 guesses in a row)
    for (int i = 0; i < 60 && !statuses.contains(429); i++) {
      statuses.add(
          anonymous
              .get(
                  "registry/admin/nodes",
                  "Authorization",
                  TestAdministrator.basic(TestAdministrator.NAME, "sequential-guess" + i))
              .status());
    }

    assertThat(statuses).contains(429).doesNotContain(200);
    assertThat(api.get("registry/admin/nodes").status())
        .as("the administrator, already known, at the same address")
        .isEqualTo(200);
  }

  private static Duration timed(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
