package org.peerbook.exchange.boundary;

import ezvcard.VCardVersion;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.peerbook.protocol.MalformedMessageException;

/**
 * The file formats of import and export, as a request names them: a {@code format} parameter, or
 * else the Accept header ({@code text/vcard; version=4.0} names the vCard version as RFC 6350
 * defines).
 */
public enum ContactFormat {
  CSV("text/csv", "csv"),
  VCARD_3("text/vcard", "vcf"),
  VCARD_4("text/vcard", "vcf");

  public static final String CSV_TYPE = "text/csv";
  public static final String VCARD_TYPE = "text/vcard";

  /** What older clients (and Outlook) call vCard. */
  public static final String VCARD_LEGACY_TYPE = "text/x-vcard";

  private final String mediaType;
  private final String extension;

  ContactFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /**
   * @param format {@code csv} or {@code vcard}, or {@code null} to follow {@code accepted}
   * @param version {@code 3.0} or {@code 4.0} for vCard, or {@code null}
   */
  public static ContactFormat of(String format, String version, List<MediaType> accepted) {
    String chosen = format;
    String chosenVersion = version;
    if (chosen == null || chosen.isBlank()) {
      chosen = "vcard";
      for (MediaType type : accepted) {
        if (type.isCompatible(MediaType.valueOf(CSV_TYPE)) && !type.isWildcardSubtype()) {
          chosen = "csv";
          break;
        }
        if (type.isCompatible(MediaType.valueOf(VCARD_TYPE))
            || type.isCompatible(MediaType.valueOf(VCARD_LEGACY_TYPE))) {
          if (chosenVersion == null) {
            chosenVersion = type.getParameters().get("version");
          }
          break;
        }
      }
    }
    return switch (chosen) {
      case "csv" -> CSV;
      case "vcard" -> vcard(chosenVersion);
      default -> throw new MalformedMessageException("format", "must be csv or vcard");
    };
  }

  private static ContactFormat vcard(String version) {
    if (version == null || version.isBlank() || version.equals("3.0")) {
      return VCARD_3;
    }
    if (version.equals("4.0")) {
      return VCARD_4;
    }
    throw new MalformedMessageException("version", "must be 3.0 or 4.0");
  }

  public VCardVersion vcardVersion() {
    return this == VCARD_4 ? VCardVersion.V4_0 : VCardVersion.V3_0;
  }

  public MediaType mediaType() {
    MediaType type = MediaType.valueOf(mediaType).withCharset("utf-8");
    return this == CSV
        ? type
        : new MediaType(
            type.getType(),
            type.getSubtype(),
            java.util.Map.of("charset", "utf-8", "version", vcardVersion().getVersion()));
  }

  public String fileName() {
    return "peerbook." + extension;
  }
}
