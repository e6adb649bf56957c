package io.postvault.gateway.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The list envelope of the public API: one page of items and the cursor of the next page (null on the last). */
public record Page<T>(List<T> items, @Schema(nullable = true) String nextCursor) {
}
