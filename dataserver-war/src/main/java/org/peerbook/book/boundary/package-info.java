/**
 * The administrators' way in: contacts (create, read, update with If-Match, delete, search, import)
 * and the book itself (signed head, public key, log compaction). Resources validate, delegate to
 * {@code control}, and map; they hold no business rules.
 */
package org.peerbook.book.boundary;
