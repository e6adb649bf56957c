package io.postvault.archive.livestore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Where protocol-service put an appended message. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Appended(String folder, long uidValidity, long uid, String blobId, long size) {
}
