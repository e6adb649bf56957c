package io.postvault.search.query;

import io.postvault.search.config.SearchConfig;
import io.postvault.search.index.Fields;
import io.postvault.search.index.IndexedMessage;
import io.postvault.search.index.MessageIndex;
import io.postvault.search.query.SearchRequest.SortOrder;
import io.postvault.search.query.SearchResult.Hit;
import io.postvault.search.query.SearchResult.Link;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/** Runs searches of the message history on the latest refreshed view of the index. */
@ApplicationScoped
public class SearchService {

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final int MAX_QUERY_CHARS = 2000;
    private static final String[] SNIPPET_FIELDS = {Fields.BODY, Fields.SUBJECT};

    private final MessageIndex index;
    private final SearchConfig config;

    public SearchService(MessageIndex index, SearchConfig config) {
        this.index = index;
        this.config = config;
    }

    public SearchResult search(SearchRequest request) {
        Query text = parse(request.text());
        Query query = withFilters(request, text);
        Sort sort = request.sort() == SortOrder.DATE
                ? new Sort(new SortField(Fields.DATE, SortField.Type.LONG, true), new SortField(Fields.KEY,
                        SortField.Type.STRING))
                : new Sort(SortField.FIELD_SCORE, new SortField(Fields.KEY, SortField.Type.STRING));
        FieldDoc cursor = request.cursor() == null ? null : Cursor.parse(request.sort(), request.cursor());
        return index.withSearcher(searcher -> {
            int maxDoc = searcher.getIndexReader().maxDoc();
            if (maxDoc == 0) {
                return new SearchResult(List.of(), 0, null);
            }
            // The key makes sort values unique, so the cursor's own document is the only one with equal values: the
            // largest doc number makes the search skip it wherever it is now.
            FieldDoc after = cursor == null ? null : new FieldDoc(maxDoc - 1, cursor.score, cursor.fields);
            TopFieldDocs top;
            try {
                top = searcher.searchAfter(after, query, request.limit() + 1, sort, true);
            } catch (IndexSearcher.TooManyClauses e) {
                throw new InvalidQueryException("the query matches too many terms; make its wildcards narrower",
                        null);
            }
            int count = Math.min(request.limit(), top.scoreDocs.length);
            ScoreDoc[] page = Arrays.copyOf(top.scoreDocs, count);
            Map<String, String[]> snippets = snippets(searcher, text, page);
            List<Hit> hits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                IndexedMessage message = IndexedMessage.fromDocument(searcher.storedFields().document(page[i].doc,
                        Fields.HIT));
                List<String> found = new ArrayList<>();
                for (String field : SNIPPET_FIELDS) {
                    String snippet = snippets.get(field)[i];
                    if (snippet != null && snippet.contains("<mark>")) {
                        found.add(snippet);
                    }
                }
                String start = snippets.get(Fields.BODY)[i];
                if (found.isEmpty() && start != null && !start.isBlank()) {
                    found.add(start); // nothing highlighted (no free text, or a filter-only match): the body's start
                }
                hits.add(hit(message, found, request.sort() == SortOrder.RELEVANCE ? page[i].score : null));
            }
            String next = top.scoreDocs.length > count ? Cursor.of(request.sort(), (FieldDoc) page[count - 1]) : null;
            // The collector counts every hit exactly up to a threshold (1,000); past it, a second pass counts them.
            long total = top.totalHits.relation == TotalHits.Relation.EQUAL_TO ? top.totalHits.value
                    : searcher.count(query);
            return new SearchResult(hits, total, next);
        });
    }

    private Map<String, String[]> snippets(IndexSearcher searcher, Query text, ScoreDoc[] page)
            throws java.io.IOException {
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, index.analyzer())
                .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
                .withMaxLength(config.extraction().maxTextChars())
                .withHighlightPhrasesStrictly(true)
                .build();
        int[] docs = Arrays.stream(page).mapToInt(d -> d.doc).toArray();
        int[] passages = new int[SNIPPET_FIELDS.length];
        Arrays.fill(passages, config.api().snippetsPerField());
        return highlighter.highlightFields(SNIPPET_FIELDS, text, docs, passages);
    }

    Query parse(String text) {
        if (text == null || text.isBlank()) {
            return new MatchAllDocsQuery();
        }
        if (text.length() > MAX_QUERY_CHARS) {
            throw new InvalidQueryException("the query is longer than " + MAX_QUERY_CHARS + " characters",
                    MAX_QUERY_CHARS + 1);
        }
        MultiFieldQueryParser parser = new MultiFieldQueryParser(Fields.DEFAULT_QUERY.toArray(String[]::new),
                index.analyzer());
        parser.setDefaultOperator(QueryParser.Operator.AND);
        parser.setAllowLeadingWildcard(false);
        try {
            return parser.parse(text);
        } catch (ParseException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            Matcher position = POSITION.matcher(String.valueOf(cause.getMessage()));
            Integer column = position.find() ? Integer.valueOf(position.group(2)) : null;
            String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("syntax error");
            throw new InvalidQueryException("cannot parse the query: " + reason, column);
        }
    }

    private static Query withFilters(SearchRequest request, Query text) {
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(text, Occur.MUST);
        String scopeField = request.scope().kind() == SearchRequest.Scope.Kind.ACCOUNT ? Fields.ADDRESS : Fields.DOMAIN;
        query.add(term(scopeField, request.scope().name().toLowerCase(Locale.ROOT)), Occur.FILTER);
        if (request.from() != null) {
            query.add(term(Fields.FROM_EXACT, request.from().toLowerCase(Locale.ROOT)), Occur.FILTER);
        }
        if (request.to() != null) {
            query.add(term(Fields.TO_EXACT, request.to().toLowerCase(Locale.ROOT)), Occur.FILTER);
        }
        if (request.direction() != null) {
            query.add(term(Fields.DIRECTION, request.direction()), Occur.FILTER);
        }
        if (request.status() != null) {
            query.add(term(Fields.STATUS, request.status()), Occur.FILTER);
        }
        if (request.folder() != null) {
            query.add(term(Fields.FOLDER, request.folder()), Occur.FILTER);
        }
        if (request.hasAttachment() != null) {
            query.add(term(Fields.HAS_ATTACHMENT, request.hasAttachment().toString()), Occur.FILTER);
        }
        if (request.seen() != null) { // archived documents have no flags: either value finds live messages only
            query.add(term(Fields.SEEN, request.seen().toString()), Occur.FILTER);
        }
        if (request.flagged() != null) {
            query.add(term(Fields.FLAGGED, request.flagged().toString()), Occur.FILTER);
        }
        query.add(term(Fields.AWAITS_SOURCE, "true"), Occur.MUST_NOT);
        if (request.after() != null || request.before() != null) {
            long lower = request.after() == null ? Long.MIN_VALUE : request.after().toEpochMilli();
            long upper = request.before() == null ? Long.MAX_VALUE : request.before().toEpochMilli() - 1;
            query.add(LongPoint.newRangeQuery(Fields.DATE, lower, upper), Occur.FILTER);
        }
        return query.build();
    }

    private static Query term(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    private static Hit hit(IndexedMessage m, List<String> snippets, Float score) {
        Link link = m.status() == IndexedMessage.Status.LIVE
                ? new Link("live", m.address(), m.folder(), m.uidValidity(), m.uid(), null)
                : new Link("archive", m.address(), null, null, null, m.archiveId());
        return new Hit(m.address(), m.domain(), m.status().term(), m.direction(), m.folder(), m.date(), m.size(),
                m.from(), m.to(), m.cc(), m.subject(), m.messageId(), m.hasAttachments(), m.attachments(),
                m.flags() == null ? null : m.flags().seen(), m.flags() == null ? null : m.flags().flagged(), snippets,
                score, link);
    }
}
