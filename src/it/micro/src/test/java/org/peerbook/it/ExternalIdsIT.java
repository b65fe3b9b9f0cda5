package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A pushing system (an HR system) writes contacts by its own keys, guarded by If-Match. */
class ExternalIdsIT extends SharedServerIT {

  @Test
  void upsertsByExternalIdAndRefusesAStaleIfMatchWith412() {
    String key = "E-" + UUID.randomUUID();
    String path = "contacts/external/hr/" + key;

    Http.Reply created =
        api.put(path, "{\"displayName\":\"Grace Hopper\",\"department\":\"Navy\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String id = created.object().getString("id");
    assertThat(id).startsWith("ext-");
    assertThat(created.object().getJsonObject("attributes").getString("external.hr"))
        .isEqualTo(key);

    Http.Reply again =
        api.put(path, "{\"displayName\":\"Grace B. Hopper\"}", "If-Match", created.header("ETag"));
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.object().getString("id")).as("the same key, the same contact").isEqualTo(id);
    long headBefore = BookChecks.head(api).version();

    Http.Reply stale =
        api.put(path, "{\"displayName\":\"Lost update\"}", "If-Match", created.header("ETag"));

    ContactsApiIT.assertProblem(stale, 412);
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);
    Http.Reply read = api.get(path);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.header("ETag")).isEqualTo(again.header("ETag"));
    assertThat(read.object().getString("displayName")).isEqualTo("Grace B. Hopper");
    assertThat(api.get("contacts/" + id).object()).isEqualTo(read.object());

    ContactsApiIT.assertProblem(api.delete(path, "If-Match", created.header("ETag")), 412);
    assertThat(api.delete(path, "If-Match", again.header("ETag")).status()).isEqualTo(204);
    ContactsApiIT.assertProblem(api.get(path), 404);
  }

  @Test
  void keepsTheKeyVisibleInAnExportAndTellsSystemsApart() {
    String department = "ext-" + UUID.randomUUID();
    String key = "王-" + UUID.randomUUID();
    String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
    String body = "{\"displayName\":\"Same key\",\"department\":\"" + department + "\"}";

    String hrId = api.put("contacts/external/hr/" + encoded, body).object().getString("id");
    String crmId = api.put("contacts/external/crm/" + encoded, body).object().getString("id");

    assertThat(hrId).isNotEqualTo(crmId);
    String csv =
        new String(
            api.getBytes("contacts/export?format=csv&department=" + department).body(),
            StandardCharsets.UTF_8);
    assertThat(csv).contains("attr.external.crm").contains("attr.external.hr").contains(key);
  }

  @Test
  void refusesABodyNamingAnotherIdOrABadSystem() {
    ContactsApiIT.assertProblem(
        api.put("contacts/external/hr/k1", "{\"id\":\"someone-else\",\"displayName\":\"A\"}"), 400);
    ContactsApiIT.assertProblem(
        api.put(
            "contacts/external/hr/k1",
            "{\"displayName\":\"A\",\"attributes\":{\"external.hr\":\"k2\"}}"),
        400);
    ContactsApiIT.assertProblem(
        api.put("contacts/external/1hr/k1", "{\"displayName\":\"A\"}"), 400);
  }
}
