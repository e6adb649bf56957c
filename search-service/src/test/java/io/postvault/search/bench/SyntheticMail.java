package io.postvault.search.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded generator of synthetic mail for the search benchmark: the same seed gives the same messages, byte for
 * byte, so every run indexes and queries the same corpus. Message {@code i} depends only on the seed and {@code i}
 * (each has its own random stream), so any thread can make any message.
 *
 * <p>The corpus: {@code domains} domains of {@code accountsPerDomain} accounts; messages spread evenly over the
 * accounts and over three years; words drawn with a Zipf-like skew from a vocabulary of English and French words
 * (accented) plus invented ones, so a few words are in most messages and most words are rare, as in real mail. Shapes:
 * 65 % text/plain (some quoted-printable), 20 % multipart/alternative (plain + HTML), 10 % with a PDF or spreadsheet
 * attachment, 5 % base64 text; 15 % are sent (folder Sent), 25 % are archived.
 */
public final class SyntheticMail {

    /** Common words (the head of the distribution), English and French. */
    static final String[] COMMON = ("the meeting report invoice project team please thanks review update schedule "
            + "client budget contract delivery order payment account week today tomorrow question answer draft "
            + "document proposal office travel hotel flight customer support ticket release version server backup "
            + "réunion facture équipe projet rapport client budget contrat livraison commande paiement semaine "
            + "aujourd'hui demain question réponse brouillon document proposition bureau voyage hôtel élève école "
            + "année congés été fenêtre résultat prévision trésorerie comité décision").split(" ");
    private static final String[] SYLLABLES = ("ka lo mi ra ve tu no sa pe li ro da fi ne zu ga bo te mu si "
            + "lan ter mor vil pra sto qua ber den").split(" ");
    private static final int VOCABULARY = 50_000;
    private static final Instant START = Instant.parse("2023-01-01T00:00:00Z");
    private static final long SPAN_SECONDS = 3L * 365 * 86400;
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final long seed;
    private final int domains;
    private final int accountsPerDomain;
    private final String[] words;

    /** One message: where it is, and its bytes. */
    public record Message(long index, String accountId, String address, String domain, String folder, boolean archived,
                          boolean sent, Instant date, byte[] bytes) {
    }

    public SyntheticMail(long seed, int domains, int accountsPerDomain) {
        this.seed = seed;
        this.domains = domains;
        this.accountsPerDomain = accountsPerDomain;
        this.words = vocabulary(new SplittableRandom(seed));
    }

    public int accounts() {
        return domains * accountsPerDomain;
    }

    public static String domain(int d) {
        return "d" + d + ".bench.test";
    }

    public static String address(int account, int accountsPerDomain) {
        return "user" + (account % accountsPerDomain) + "@" + domain(account / accountsPerDomain);
    }

    public int accountsPerDomain() {
        return accountsPerDomain;
    }

    public int domains() {
        return domains;
    }

    /** A word of the vocabulary, {@code rank} 0 being the most frequent. */
    public String word(int rank) {
        return words[rank];
    }

    /** Message {@code i} of the corpus. */
    public Message message(long i) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        int account = (int) (i % accounts());
        String domain = domain(account / accountsPerDomain);
        String address = address(account, accountsPerDomain);
        Instant date = START.plusSeconds(random.nextLong(SPAN_SECONDS));
        boolean sent = random.nextInt(100) < 15;
        boolean archived = random.nextInt(100) < 25;
        String folder = sent ? "Sent" : random.nextInt(100) < 80 ? "INBOX" : "Projects";
        String other = person(random) + " <" + correspondent(random) + ">";
        String self = "User " + (account % accountsPerDomain) + " <" + address + ">";
        StringBuilder m = new StringBuilder(2048);
        m.append("From: ").append(sent ? self : other).append("\r\n");
        m.append("To: ").append(sent ? other : self).append("\r\n");
        if (random.nextInt(100) < 20) {
            m.append("Cc: ").append(correspondent(random)).append("\r\n");
        }
        m.append("Subject: ").append(encodedWords(sentence(random, 3 + random.nextInt(6)))).append("\r\n");
        m.append("Date: ").append(RFC5322.format(date)).append("\r\n");
        m.append("Message-ID: <").append(seed).append('.').append(i).append("@bench.test>\r\n");
        m.append("MIME-Version: 1.0\r\n");
        String body = paragraphs(random);
        int shape = random.nextInt(100);
        if (shape < 65) {
            boolean qp = random.nextInt(4) == 0;
            m.append("Content-Type: text/plain; charset=utf-8\r\n");
            m.append("Content-Transfer-Encoding: ").append(qp ? "quoted-printable" : "8bit").append("\r\n\r\n");
            m.append(qp ? quotedPrintable(body) : body);
        } else if (shape < 85) {
            m.append("Content-Type: multipart/alternative; boundary=\"alt-").append(i).append("\"\r\n\r\n");
            m.append("--alt-").append(i).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").append(body);
            m.append("\r\n--alt-").append(i).append("\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>");
            for (String paragraph : body.split("\r\n\r\n")) {
                m.append("<p>").append(paragraph.replace("&", "&amp;")).append("</p>");
            }
            m.append("</body></html>\r\n--alt-").append(i).append("--\r\n");
        } else if (shape < 95) {
            String name = words[random.nextInt(2000)] + "-" + (2023 + random.nextInt(3))
                    + (random.nextBoolean() ? ".pdf" : ".xlsx");
            m.append("Content-Type: multipart/mixed; boundary=\"mix-").append(i).append("\"\r\n\r\n");
            m.append("--mix-").append(i).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").append(body);
            m.append("\r\n--mix-").append(i).append("\r\nContent-Type: application/octet-stream\r\n")
                    .append("Content-Disposition: attachment; filename=\"").append(name).append("\"\r\n")
                    .append("Content-Transfer-Encoding: base64\r\n\r\n");
            byte[] payload = new byte[512 + random.nextInt(2048)];
            random.nextBytes(payload);
            m.append(Base64.getMimeEncoder().encodeToString(payload)).append("\r\n--mix-").append(i).append("--\r\n");
        } else {
            m.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            m.append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        return new Message(i, "acct-" + account, address, domain, folder, archived, sent, date,
                m.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String paragraphs(SplittableRandom random) {
        StringBuilder body = new StringBuilder();
        int count = 1 + random.nextInt(4);
        for (int p = 0; p < count; p++) {
            if (p > 0) {
                body.append("\r\n\r\n");
            }
            int sentences = 1 + random.nextInt(5);
            for (int s = 0; s < sentences; s++) {
                String sentence = sentence(random, 5 + random.nextInt(14));
                body.append(Character.toUpperCase(sentence.charAt(0))).append(sentence.substring(1)).append(". ");
            }
        }
        return body.append("\r\n").toString();
    }

    private String sentence(SplittableRandom random, int length) {
        StringBuilder sentence = new StringBuilder();
        for (int w = 0; w < length; w++) {
            if (w > 0) {
                sentence.append(' ');
            }
            sentence.append(words[zipf(random)]);
        }
        return sentence.toString();
    }

    /** A rank with a Zipf-like skew: rank r is drawn about 1/(r+1) as often as rank 0. */
    private static int zipf(SplittableRandom random) {
        double u = random.nextDouble();
        return (int) Math.min(VOCABULARY - 1, Math.floor(Math.pow(VOCABULARY + 1, u)) - 1);
    }

    private String person(SplittableRandom random) {
        String first = words[200 + random.nextInt(3000)];
        String last = words[200 + random.nextInt(3000)];
        return Character.toUpperCase(first.charAt(0)) + first.substring(1) + " "
                + Character.toUpperCase(last.charAt(0)) + last.substring(1);
    }

    /** Someone outside the platform: 20,000 people at 500 companies. */
    private String correspondent(SplittableRandom random) {
        int person = random.nextInt(20_000);
        return "p" + person + "@company" + (person % 500) + ".example";
    }

    private static String encodedWords(String subject) {
        boolean ascii = subject.chars().allMatch(c -> c < 128);
        return ascii ? subject : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(
                subject.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '\r' || c == '\n') {
                out.append((char) c);
                column = 0;
                continue;
            }
            String piece = c >= 33 && c <= 126 && c != '=' || c == ' ' ? String.valueOf((char) c)
                    : String.format("=%02X", c);
            if (column + piece.length() > 75) {
                out.append("=\r\n");
                column = 0;
            }
            out.append(piece);
            column += piece.length();
        }
        return out.toString();
    }

    /** The common words first, then invented ones (two to four syllables), all distinct. */
    private static String[] vocabulary(SplittableRandom random) {
        List<String> list = new ArrayList<>(VOCABULARY);
        Set<String> seen = new HashSet<>();
        for (String word : COMMON) {
            if (seen.add(word)) {
                list.add(word);
            }
        }
        while (list.size() < VOCABULARY) {
            StringBuilder word = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            if (seen.add(word.toString())) {
                list.add(word.toString());
            }
        }
        return list.toArray(String[]::new);
    }
}
