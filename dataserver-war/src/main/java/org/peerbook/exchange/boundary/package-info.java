/**
 * Contacts in other systems' terms: exported as vCard or CSV files (imports are {@code POST
 * /api/contacts/import} with a file's media type), and addressed by a pushing system's own key
 * under {@code /api/contacts/external}.
 */
package org.peerbook.exchange.boundary;
