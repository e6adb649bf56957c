package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.command.FetchCommand.Binary;
import io.postvault.protocol.imap.command.FetchCommand.Section;
import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.store.MailboxException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/**
 * BINARY[part] (RFC 3516, RFC 9051 section 6.4.5): the part's content with its Content-Transfer-Encoding undone
 * (base64 and quoted-printable decoded leniently; 7bit, 8bit and binary as they are). The whole message (BINARY[]) and
 * multipart or message parts, whose encoding is always an identity, come as they are. Any other encoding fails the
 * command with {@code NO [UNKNOWN-CTE]}.
 */
final class BinaryParts {

    private BinaryParts() {
    }

    /** The decoded content of the part, before any partial; empty when the part does not exist. */
    static byte[] decoded(byte[] message, BodyPart structure, Binary binary) {
        if (binary.path().length == 0) {
            return message;
        }
        byte[] content = MessageSections.extract(message, structure,
                new Section(true, binary.path(), "", List.of(), -1, 0, ""));
        String encoding = encoding(structure, binary.path());
        try {
            return switch (encoding) {
                case "7bit", "8bit", "binary" -> content;
                case "base64" -> readAll(new Base64InputStream(new ByteArrayInputStream(content)));
                case "quoted-printable" -> readAll(new QuotedPrintableInputStream(new ByteArrayInputStream(content)));
                default -> throw new MailboxException(MailboxException.Code.UNKNOWN_CTE,
                        "Cannot decode Content-Transfer-Encoding " + encoding);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response form: literal8 ({@code ~{n}}) when the content holds a NUL, else a literal (RFC 3516 section 4.3). */
    static String literalPrefix(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return "~{" + content.length + "}\r\n";
            }
        }
        return "{" + content.length + "}\r\n";
    }

    /** The transfer encoding of the part at {@code path} (lower case), walking as MessageSections.extract does. */
    static String encoding(BodyPart structure, int[] path) {
        BodyPart part = structure;
        for (int i = 0; i < path.length && part != null; i++) {
            if (part.isMultipart()) {
                part = path[i] <= part.parts().size() ? part.parts().get(path[i] - 1) : null;
            }
            if (i + 1 < path.length && MessageSections.encapsulates(part)) {
                part = part.message();
            }
        }
        return part == null || part.encoding() == null ? "7bit" : part.encoding();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
