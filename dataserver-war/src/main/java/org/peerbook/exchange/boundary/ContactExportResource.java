package org.peerbook.exchange.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peerbook.QueryParameters;
import org.peerbook.book.control.BookLog;
import org.peerbook.book.control.ContactMapping;
import org.peerbook.book.control.ContactQueries;
import org.peerbook.book.entity.Contact;
import org.peerbook.exchange.control.CsvContactWriter;
import org.peerbook.exchange.control.VcardContactWriter;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.MalformedMessageException;

/**
 * The whole book, or a search result, as a vCard or CSV file. Streamed page by page: the server
 * holds one page of contacts at a time, however large the book.
 */
@RolesAllowed("admin")
@Path("contacts/export")
@RequestScoped
@Tag(name = "files", description = "Contacts as CSV and vCard files")
public class ContactExportResource {
  /** The response header naming the book version the export began at: follow changes from it. */
  public static final String BOOK_VERSION = "X-Book-Version";

  @EJB ContactQueries queries;
  @EJB BookLog log;

  @Inject
  @ConfigProperty(name = "peerbook.api.export-page-size", defaultValue = "500")
  int pageSize;

  @Context HttpHeaders headers;

  @GET
  @Produces({ContactFormat.VCARD_TYPE, ContactFormat.CSV_TYPE, ContactFormat.VCARD_LEGACY_TYPE})
  @Operation(
      summary = "Exports the book, or the contacts a search finds, as vCard or CSV",
      description =
          "vCard 3.0 by default; `version=4.0` or `Accept: text/vcard; version=4.0` for 4.0;"
              + " `format=csv` or `Accept: text/csv` for CSV (UTF-8 with a byte order mark for"
              + " Excel unless bom=false; separator=semicolon for Excel where the list separator is"
              + " `;`). X-Book-Version names the head version the export"
              + " began at: follow /api/changes from there.")
  @APIResponse(responseCode = "200", description = "The file, streamed")
  @APIResponse(responseCode = "400", description = "An unknown format or version")
  public Response export(
      @Parameter(description = "name prefix, as for GET /api/contacts") @QueryParam("q")
          String namePrefix,
      @Parameter(description = "e-mail address") @QueryParam("email") String email,
      @Parameter(description = "department") @QueryParam("department") String department,
      @Parameter(description = "csv or vcard (default: from Accept, else vcard)")
          @QueryParam("format")
          String format,
      @Parameter(description = "vCard version: 3.0 (default) or 4.0") @QueryParam("version")
          String version,
      @Parameter(description = "CSV: start with a UTF-8 byte order mark (default true)")
          @QueryParam("bom")
          String bom,
      @Parameter(description = "CSV: comma (default) or semicolon between cells")
          @QueryParam("separator")
          String separator) {
    ContactFormat chosen = ContactFormat.of(format, version, headers.getAcceptableMediaTypes());
    boolean byteOrderMark = QueryParameters.booleanParam("bom", bom, true);
    char cellSeparator = separator(separator);
    ContactQueries.Search search =
        new ContactQueries.Search(
            blankToNull(namePrefix), blankToNull(email), blankToNull(department));
    long headVersion = log.headView().head().version();
    StreamingOutput body =
        out -> {
          if (chosen == ContactFormat.CSV) {
            CsvContactWriter csv =
                new CsvContactWriter(out, queries.attributeNames(), byteOrderMark, cellSeparator);
            eachContact(search, csv::write, csv::flush);
          } else {
            VcardContactWriter vcard = new VcardContactWriter(out, chosen.vcardVersion());
            eachContact(search, vcard::write, vcard::flush);
          }
        };
    return Response.ok(body, chosen.mediaType())
        .header(BOOK_VERSION, headVersion)
        .header("Content-Disposition", "attachment; filename=\"" + chosen.fileName() + "\"")
        .build();
  }

  /** Walks the result page by page, each page its own short read. */
  private void eachContact(
      ContactQueries.Search search, Consumer<ContactDto> write, Runnable flush) {
    Contact last = null;
    while (true) {
      List<Contact> page = queries.pageAfter(search, last, pageSize);
      page.forEach(contact -> write.accept(ContactMapping.toDto(contact)));
      flush.run();
      if (page.size() < pageSize) {
        return;
      }
      last = page.get(page.size() - 1);
    }
  }

  private static char separator(String text) {
    if (text == null || text.equals("comma") || text.equals(",")) {
      return ',';
    }
    if (text.equals("semicolon") || text.equals(";")) {
      return ';';
    }
    throw new MalformedMessageException("separator", "must be comma or semicolon");
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
