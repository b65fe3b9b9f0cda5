package org.peerbook.directory.entity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configured directory, checked at start: where it is, how to bind, what to read and how its
 * entries become contacts.
 *
 * @param name the source's name, recorded in each of its contacts' {@code source} attribute
 * @param host the server, from an {@code ldap://} or {@code ldaps://} URL
 * @param bindDn empty for an anonymous bind
 * @param interval how often a scheduled run starts; empty: only on an administrator's request
 * @param timeout the longest the server may take to connect or to answer one request
 * @param maxEntries the most entries a run reads: past them it fails, applying nothing
 * @param maxRunTime the longest a run may read entries: past it it fails, applying nothing
 * @param mapping each read field's attributes, in order of preference
 */
public record DirectorySource(
    String name,
    String url,
    String host,
    int port,
    boolean tls,
    Optional<String> bindDn,
    String password,
    String baseDn,
    String filter,
    int pageSize,
    Optional<Duration> interval,
    Duration timeout,
    int maxEntries,
    Duration maxRunTime,
    Flavour flavour,
    Map<ContactField, List<String>> mapping) {

  /** The attribute in every contact of a source that names it: each source reconciles its own. */
  public static final String SOURCE_ATTRIBUTE = "source";

  /** The directory's unique id of the entry, kept beside the contact for the administrator. */
  public static final String DIRECTORY_ID_ATTRIBUTE = "directoryId";

  public List<String> attributesOf(ContactField field) {
    return mapping.getOrDefault(field, List.of());
  }

  @Override
  public String toString() {
    // never the password
    return "directory source " + name + " (" + url + ", " + baseDn + ")";
  }
}
