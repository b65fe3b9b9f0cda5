package org.peerbook.agent.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The attributes of a contact's entry that one search needs: those it asks for and those its filter
 * reads, under every name the schema gives them. A search as an address is typed asks for three or
 * four of an entry's dozen, and making every attribute was nearly half of what answering it
 * allocated. Anything this cannot tell exactly (all attributes asked for, a filter on a supertype
 * such as {@code name} or on no attribute at all) needs every attribute.
 */
final class NeededAttributes {
  static final NeededAttributes ALL = new NeededAttributes(null);

  /** Case-insensitive; null: every attribute. */
  private final Set<String> names;

  private NeededAttributes(Set<String> names) {
    this.names = names;
  }

  /**
   * @param requested the attributes the search asks for (none: every user attribute)
   */
  static NeededAttributes of(List<String> requested, Filter filter, Schema schema) {
    if (requested.isEmpty()) {
      return ALL;
    }
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String attribute : requested) {
      if (attribute.equals("*") || attribute.startsWith("@")) {
        return ALL;
      }
      // "+" (operational attributes) and "1.1" (none): a contact's entry has neither
      if (!attribute.equals("+")
          && !attribute.equals("1.1")
          && !addNames(attribute, schema, names)) {
        return ALL;
      }
    }
    return addFilterNames(filter, schema, names) ? new NeededAttributes(names) : ALL;
  }

  boolean includes(String attributeName) {
    return names == null || names.contains(attributeName);
  }

  private static boolean addFilterNames(Filter filter, Schema schema, Set<String> names) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
        for (Filter component : filter.getComponents()) {
          if (!addFilterNames(component, schema, names)) {
            return false;
          }
        }
        return true;
      }
      case Filter.FILTER_TYPE_NOT -> {
        return addFilterNames(filter.getNOTComponent(), schema, names);
      }
      case Filter.FILTER_TYPE_EXTENSIBLE_MATCH -> {
        return filter.getAttributeName() != null
            && !filter.getDNAttributes()
            && addNames(filter.getAttributeName(), schema, names);
      }
      default -> {
        return addNames(filter.getAttributeName(), schema, names);
      }
    }
  }

  /**
   * Adds the names of {@code attribute} (without its options); false if it has subtypes, which a
   * request or filter naming it may mean as well.
   */
  private static boolean addNames(String attribute, Schema schema, Set<String> names) {
    int options = attribute.indexOf(';');
    String name = options < 0 ? attribute : attribute.substring(0, options);
    names.add(name);
    AttributeTypeDefinition type = schema.getAttributeType(name);
    if (type == null) {
      return true;
    }
    if (!schema.getSubordinateAttributeTypes(type).isEmpty()) {
      return false;
    }
    names.add(type.getOID());
    names.addAll(List.of(type.getNames()));
    return true;
  }
}
