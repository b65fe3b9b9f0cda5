package org.peerbook.book.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.peerbook.QueryParameters;
import org.peerbook.book.control.Change;
import org.peerbook.book.control.ChangeRecorder;
import org.peerbook.book.control.ChangeRecorder.Recorded;
import org.peerbook.book.control.ContactMapping;
import org.peerbook.book.control.ContactQueries;
import org.peerbook.book.control.GroupCommit;
import org.peerbook.book.entity.Contact;
import org.peerbook.exchange.boundary.ContactFormat;
import org.peerbook.exchange.control.CsvColumns;
import org.peerbook.exchange.control.CsvContacts;
import org.peerbook.exchange.control.VcardContacts;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.WireJson;

/** Contacts for administrators: every write becomes exactly one change-log entry. */
@RolesAllowed("admin")
@Path("contacts")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContactsResource {
  @Inject GroupCommit recorder;
  @EJB ContactQueries queries;

  @Inject
  @ConfigProperty(name = "peerbook.api.max-page-size", defaultValue = "500")
  int maxPageSize;

  @Inject
  @ConfigProperty(name = "peerbook.api.max-import-contacts", defaultValue = "200000")
  int maxImportContacts;

  private static final String COLUMN_PARAMETER = "column.";

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(InputStream body, @Context UriInfo uri) {
    ContactDto contact = withIdAssigned(ContactJson.read(WireJson.parse(body), "", false));
    Recorded recorded = recorder.record(List.of(Change.create(contact)));
    return Response.created(uri.getAbsolutePathBuilder().path(contact.id()).build())
        .tag(etag(recorded.written().get(0).version()))
        .entity(ContactJson.toJson(contact))
        .build();
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id) {
    Contact contact = queries.find(ContactJson.requireId(id, "id"));
    return Response.ok(ContactJson.toJson(ContactMapping.toDto(contact)))
        .tag(etag(contact.lastVersion()))
        .build();
  }

  /** Replaces the contact, or creates it under this id; If-Match makes the write conditional. */
  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replace(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      InputStream body) {
    ContactJson.requireId(id, "id");
    ContactDto contact = ContactJson.read(WireJson.parse(body), "", false);
    if (contact.id() != null && !contact.id().equals(id)) {
      throw new MalformedMessageException("id", "differs from the id in the path");
    }
    Recorded recorded = recorder.record(List.of(Change.upsert(contact.withId(id), ifMatch)));
    ChangeRecorder.Written written = recorded.written().get(0);
    return Response.ok(ContactJson.toJson(written.contact())).tag(etag(written.version())).build();
  }

  @DELETE
  @Path("{id}")
  public Response delete(
      @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    recorder.record(List.of(Change.delete(ContactJson.requireId(id, "id"), ifMatch)));
    return Response.noContent().build();
  }

  /**
   * A page of contacts, optionally those whose name starts with {@code q}, by e-mail or department.
   */
  @GET
  public Response search(
      @QueryParam("q") String namePrefix,
      @QueryParam("email") String email,
      @QueryParam("department") String department,
      @QueryParam("offset") String offsetText,
      @QueryParam("limit") String limitText) {
    int offset = QueryParameters.intParam("offset", offsetText, 0, 0, Integer.MAX_VALUE);
    int limit = QueryParameters.intParam("limit", limitText, 50, 1, maxPageSize);
    ContactQueries.Page page =
        queries.search(
            new ContactQueries.Search(
                blankToNull(namePrefix), blankToNull(email), blankToNull(department)),
            offset,
            limit);
    JsonArrayBuilder items = JsonBuilders.array();
    page.contacts().forEach(c -> items.add(ContactJson.toJson(ContactMapping.toDto(c))));
    return Response.ok(
            JsonBuilders.object()
                .add("items", items)
                .add("offset", offset)
                .add("limit", limit)
                .add("total", page.total())
                .build())
        .build();
  }

  /** Creates or replaces every contact of a JSON array in one transaction: all or nothing. */
  @POST
  @Path("import")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response importAll(InputStream body) {
    List<ContactDto> contacts = ContactJson.readList(WireJson.parse(body), maxImportContacts);
    if (contacts.isEmpty()) {
      throw new MalformedMessageException(null, "the array holds no contact");
    }
    return imported(contacts);
  }

  /**
   * Imports a CSV file (RFC 4180, UTF-8, a header row): all or nothing. {@code
   * column.<field>=<column>} maps another system's column names; {@code unknownColumns=ignore}
   * skips columns that hold no field.
   */
  @POST
  @Path("import")
  @Consumes(ContactFormat.CSV_TYPE)
  @Operation(summary = "Imports a CSV file, all or nothing")
  @APIResponse(responseCode = "200", description = "{imported, version}")
  @APIResponse(
      responseCode = "400",
      description = "Bad rows, each listed in `errors` (line, field, why); nothing imported")
  public Response importCsv(
      @Parameter(description = "ignore, to skip columns that hold no contact field")
          @QueryParam("unknownColumns")
          String unknownColumns,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
      InputStream body,
      @Context UriInfo uri) {
    requireUtf8(type);
    Map<String, String> mapping = new HashMap<>();
    uri.getQueryParameters()
        .forEach(
            (name, values) -> {
              if (name.startsWith(COLUMN_PARAMETER)) {
                mapping.put(name.substring(COLUMN_PARAMETER.length()), values.get(0));
              }
            });
    if (unknownColumns != null && !unknownColumns.equals("ignore")) {
      throw new MalformedMessageException("unknownColumns", "must be ignore, or absent");
    }
    return imported(
        CsvContacts.read(
            body, CsvColumns.mapping(mapping), unknownColumns != null, maxImportContacts));
  }

  /** Imports a vCard 2.1, 3.0 or 4.0 file: all or nothing. */
  @POST
  @Path("import")
  @Consumes({ContactFormat.VCARD_TYPE, ContactFormat.VCARD_LEGACY_TYPE})
  @Operation(summary = "Imports a vCard 2.1, 3.0 or 4.0 file, all or nothing")
  @APIResponse(responseCode = "200", description = "{imported, version}")
  @APIResponse(
      responseCode = "400",
      description = "Bad cards, each listed in `errors` (line, field, why); nothing imported")
  public Response importVcard(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, InputStream body) {
    requireUtf8(type);
    return imported(VcardContacts.read(body, maxImportContacts));
  }

  /** Files are read as UTF-8: a file that says it is something else is refused, not misread. */
  private static void requireUtf8(MediaType type) {
    String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
      throw new NotSupportedException("files must be UTF-8, not " + charset);
    }
  }

  /** One transaction for the whole file; contacts without an id get a new one. */
  private Response imported(List<ContactDto> contacts) {
    List<Change> changes =
        contacts.stream().map(c -> Change.upsert(withIdAssigned(c), null)).toList();
    Recorded recorded = recorder.record(changes);
    return Response.ok(
            JsonBuilders.object()
                .add("imported", changes.size())
                .add("version", recorded.head().version())
                .build())
        .build();
  }

  private static ContactDto withIdAssigned(ContactDto contact) {
    return contact.id() == null ? contact.withId(UUID.randomUUID().toString()) : contact;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static EntityTag etag(long version) {
    return new EntityTag(Long.toString(version));
  }
}
