/**
 * {@code GET /api/changes}: the change feed over HTTP, with long polling on JAX-RS asynchronous
 * responses. Documented in the OpenAPI document ({@code /openapi}).
 */
package org.peerbook.feed.boundary;
