package org.peerbook.exchange.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peerbook.book.control.Change;
import org.peerbook.book.control.ChangeRecorder;
import org.peerbook.book.control.ContactMapping;
import org.peerbook.book.control.ContactQueries;
import org.peerbook.book.control.GroupCommit;
import org.peerbook.book.entity.Contact;
import org.peerbook.exchange.control.ExternalIds;
import org.peerbook.exchange.control.ExternalIds.ExternalId;
import org.peerbook.exchange.control.WireCheck;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.WireJson;

/**
 * Contacts by the key a pushing system (an HR system) knows them by; each maps to one contact id
 * for good, and the ETag guards concurrent pushes as for {@code /api/contacts/{id}}.
 */
@RolesAllowed("admin")
@Path("contacts/external/{system}/{externalId}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "external ids", description = "Contacts by a pushing system's own key")
public class ExternalContactsResource {
  @Inject GroupCommit recorder;
  @EJB ContactQueries queries;

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Creates or replaces the contact a system knows by its key",
      description =
          "The contact id is derived from system and key (a name-based UUID, `ext-...`), and the"
              + " key is kept as the attribute `external.<system>`. With If-Match (the ETag of"
              + " the last read), the write applies only if nobody changed the contact since.")
  @APIResponse(responseCode = "200", description = "The contact as stored; ETag its version")
  @APIResponse(responseCode = "400", description = "A malformed contact, system or key")
  @APIResponse(responseCode = "412", description = "If-Match names a stale version")
  public Response upsert(
      @Parameter(description = "the pushing system, e.g. hr") @PathParam("system") String system,
      @Parameter(description = "the system's key for the contact") @PathParam("externalId")
          String externalId,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      InputStream body) {
    ExternalId key = new ExternalId(system, externalId);
    ContactDto pushed = ContactJson.read(WireJson.parse(body), "", false);
    ContactDto contact = WireCheck.checked(ExternalIds.place(pushed, key));
    ChangeRecorder.Written written =
        recorder.record(List.of(Change.upsert(contact, ifMatch))).written().get(0);
    return Response.ok(ContactJson.toJson(written.contact())).tag(etag(written.version())).build();
  }

  @GET
  @Operation(summary = "Reads the contact a system knows by its key")
  @APIResponse(responseCode = "200", description = "The contact; ETag its version")
  @APIResponse(responseCode = "404", description = "No contact under this key")
  public Response read(
      @PathParam("system") String system, @PathParam("externalId") String externalId) {
    Contact contact = queries.find(new ExternalId(system, externalId).contactId());
    return Response.ok(ContactJson.toJson(ContactMapping.toDto(contact)))
        .tag(etag(contact.lastVersion()))
        .build();
  }

  @DELETE
  @Operation(summary = "Deletes the contact a system knows by its key")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", description = "No contact under this key")
  @APIResponse(responseCode = "412", description = "If-Match names a stale version")
  public Response delete(
      @PathParam("system") String system,
      @PathParam("externalId") String externalId,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    String id = new ExternalId(system, externalId).contactId();
    recorder.record(List.of(Change.delete(id, ifMatch)));
    return Response.noContent().build();
  }

  private static EntityTag etag(long version) {
    return new EntityTag(Long.toString(version));
  }
}
