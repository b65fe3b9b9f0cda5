package org.peerbook.directory.control;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerbook.directory.entity.DirectorySource;

/** A real LDAP server on a loopback port: UnboundID's in-memory directory, with a bind account. */
final class TestDirectory implements AutoCloseable {
  static final String BASE = "dc=example,dc=com";
  static final String PEOPLE = "ou=people," + BASE;
  static final String ADMIN = "cn=reader," + BASE;
  static final String PASSWORD = "reader-secret";

  final InMemoryDirectoryServer server;

  /**
   * @param withSchema false for entries the standard schema does not know (Active Directory's)
   */
  TestDirectory(boolean withSchema) throws Exception {
    this(withSchema, null);
  }

  /**
   * @param interceptor sees every operation the server answers ({@code null}: none), e.g. to make
   *     it slow
   */
  TestDirectory(boolean withSchema, InMemoryOperationInterceptor interceptor) throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    if (interceptor != null) {
      config.addInMemoryOperationInterceptor(interceptor);
    }
    config.addAdditionalBindCredentials(ADMIN, PASSWORD);
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    if (!withSchema) {
      config.setSchema(null);
    }
    server = new InMemoryDirectoryServer(config);
    server.startListening();
    server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
    server.add(
        "dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
  }

  /** An inetOrgPerson under ou=people; more attributes as name/value pairs. */
  String person(String cn, String sn, String... more) throws LDAPException {
    String dn = "cn=" + cn + "," + PEOPLE;
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"));
    attributes.add(new Attribute("cn", cn));
    attributes.add(new Attribute("sn", sn));
    Map<String, List<String>> values = new HashMap<>();
    for (int i = 0; i < more.length; i += 2) {
      values.computeIfAbsent(more[i], k -> new ArrayList<>()).add(more[i + 1]);
    }
    values.forEach((name, v) -> attributes.add(new Attribute(name, v)));
    server.add(dn, attributes);
    return dn;
  }

  String url() {
    return "ldap://127.0.0.1:" + server.getListenPort();
  }

  /** A source named hr reading ou=people with the reader account; settings override defaults. */
  DirectorySource source(String... settings) {
    Map<String, String> values = new HashMap<>();
    values.put("peerbook.directory.sources", "hr");
    values.put("peerbook.directory.hr.url", url());
    values.put("peerbook.directory.hr.bind-dn", ADMIN);
    values.put("peerbook.directory.hr.password", PASSWORD);
    values.put("peerbook.directory.hr.base-dn", PEOPLE);
    values.put("peerbook.directory.hr.interval", "off");
    for (int i = 0; i < settings.length; i += 2) {
      values.put("peerbook.directory.hr." + settings[i], settings[i + 1]);
    }
    return DirectorySettings.read(k -> Optional.ofNullable(values.get(k)), values.keySet()).get(0);
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
