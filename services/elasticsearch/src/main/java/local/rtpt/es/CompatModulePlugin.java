package local.rtpt.es;

import java.io.IOException;
import java.io.Reader;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.StopFilter;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.ICUNormalizer2Filter;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.env.Environment;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import com.ibm.icu.text.Normalizer2;

/**
 * Stand-in for the Elasticsearch modules that are not published to Maven Central
 * (analysis-common, rest-root) plus the analysis-icu / analysis-smartcn plugins.
 *
 * Every analysis component is a thin factory around the very same Lucene 9.10 class
 * that the official module uses, registered under the official name; only the
 * commonly used settings are supported (see services/elasticsearch/README.md).
 */
public class CompatModulePlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.clusterService = services.clusterService();
        return List.of();
    }

    // ------------------------------------------------------------------ tokenizers

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("ngram", (indexSettings, env, name, s) -> {
            int min = s.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            int max = s.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            checkNgramDiff(indexSettings, min, max, "NGram Tokenizer");
            IntPredicate tokenChars = tokenChars(s);
            return TokenizerFactory.newFactory(name, () -> tokenChars == null
                ? new NGramTokenizer(min, max)
                : new NGramTokenizer(min, max) {
                    @Override
                    protected boolean isTokenChar(int chr) {
                        return tokenChars.test(chr);
                    }
                });
        });
        m.put("edge_ngram", (indexSettings, env, name, s) -> {
            int min = s.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            int max = s.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            IntPredicate tokenChars = tokenChars(s);
            return TokenizerFactory.newFactory(name, () -> tokenChars == null
                ? new EdgeNGramTokenizer(min, max)
                : new EdgeNGramTokenizer(min, max) {
                    @Override
                    protected boolean isTokenChar(int chr) {
                        return tokenChars.test(chr);
                    }
                });
        });
        m.put("lowercase", simpleTokenizer(LowerCaseTokenizer::new));
        m.put("letter", simpleTokenizer(LetterTokenizer::new));
        m.put("whitespace", (indexSettings, env, name, s) -> {
            int maxLen = s.getAsInt("max_token_length", 255);
            return TokenizerFactory.newFactory(name, () -> new WhitespaceTokenizer(
                WhitespaceTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, maxLen));
        });
        m.put("keyword", (indexSettings, env, name, s) -> {
            int bufferSize = s.getAsInt("buffer_size", 256);
            return TokenizerFactory.newFactory(name, () -> new KeywordTokenizer(bufferSize));
        });
        m.put("classic", (indexSettings, env, name, s) -> {
            int maxLen = s.getAsInt("max_token_length", 255);
            return TokenizerFactory.newFactory(name, () -> {
                ClassicTokenizer t = new ClassicTokenizer();
                t.setMaxTokenLength(maxLen);
                return t;
            });
        });
        m.put("uax_url_email", (indexSettings, env, name, s) -> {
            int maxLen = s.getAsInt("max_token_length", 255);
            return TokenizerFactory.newFactory(name, () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(maxLen);
                return t;
            });
        });
        m.put("pattern", (indexSettings, env, name, s) -> {
            Pattern pattern = Pattern.compile(s.get("pattern", "\\W+"));
            int group = s.getAsInt("group", -1);
            return TokenizerFactory.newFactory(name, () -> new PatternTokenizer(pattern, group));
        });
        // analysis-smartcn plugin
        m.put("smartcn_tokenizer", simpleTokenizer(HMMChineseTokenizer::new));
        // analysis-icu plugin
        m.put("icu_tokenizer", simpleTokenizer(ICUTokenizer::new));
        return m;
    }

    private static AnalysisProvider<TokenizerFactory> simpleTokenizer(Supplier<Tokenizer> supplier) {
        return (indexSettings, env, name, s) -> TokenizerFactory.newFactory(name, supplier);
    }

    private static void checkNgramDiff(IndexSettings indexSettings, int min, int max, String what) {
        int allowed = indexSettings.getMaxNgramDiff();
        if (max - min > allowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in " + what
                + " must be less than or equal to: [" + allowed + "] but was [" + (max - min)
                + "]. This limit can be set by changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey()
                + "] index level setting.");
        }
    }

    /** The token_chars / custom_token_chars settings of the ngram tokenizers; null means "all". */
    private static IntPredicate tokenChars(Settings s) {
        List<String> classes = s.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        for (String cls : classes) {
            IntPredicate p = switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                        Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                        Character.OTHER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> {
                    String custom = s.get("custom_token_chars", "");
                    Set<Integer> cps = new HashSet<>();
                    custom.codePoints().forEach(cps::add);
                    yield cps::contains;
                }
                default -> throw new IllegalArgumentException("Unknown token type: '" + cls
                    + "', must be one of [symbol, custom, digit, whitespace, letter, punctuation]");
            };
            result = result.or(p);
        }
        return result;
    }

    // ------------------------------------------------------------------ token filters

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("asciifolding", (indexSettings, env, name, s) -> {
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return filter(name, s, in -> new ASCIIFoldingFilter(in, preserve));
        });
        m.put("ngram", (indexSettings, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            checkNgramDiff(indexSettings, min, max, "NGram Tokenizer");
            return filter(name, s, in -> new NGramTokenFilter(in, min, max, preserve));
        });
        m.put("edge_ngram", (indexSettings, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            boolean back = "back".equalsIgnoreCase(s.get("side", "front"));
            return filter(name, s, in -> back
                ? new ReverseStringFilter(new EdgeNGramTokenFilter(new ReverseStringFilter(in), min, max, preserve))
                : new EdgeNGramTokenFilter(in, min, max, preserve));
        });
        m.put("uppercase", simpleFilter(UpperCaseFilter::new));
        m.put("trim", simpleFilter(TrimFilter::new));
        m.put("reverse", simpleFilter(ReverseStringFilter::new));
        m.put("unique", (indexSettings, env, name, s) -> {
            boolean samePosition = s.getAsBoolean("only_on_same_position", false);
            return filter(name, s, in -> samePosition ? new RemoveDuplicatesTokenFilter(in) : new UniqueTokenFilter(in));
        });
        m.put("length", (indexSettings, env, name, s) -> {
            int min = s.getAsInt("min", 0);
            int max = s.getAsInt("max", Integer.MAX_VALUE);
            return filter(name, s, in -> new LengthFilter(in, min, max));
        });
        m.put("truncate", (indexSettings, env, name, s) -> {
            int length = s.getAsInt("length", 10);
            return filter(name, s, in -> new TruncateTokenFilter(in, length));
        });
        m.put("decimal_digit", simpleFilter(DecimalDigitFilter::new));
        m.put("cjk_width", simpleFilter(CJKWidthFilter::new));
        m.put("cjk_bigram", (indexSettings, env, name, s) -> {
            int flags = CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL;
            for (String script : s.getAsList("ignored_scripts")) {
                switch (script.toLowerCase(Locale.ROOT)) {
                    case "han" -> flags &= ~CJKBigramFilter.HAN;
                    case "hiragana" -> flags &= ~CJKBigramFilter.HIRAGANA;
                    case "katakana" -> flags &= ~CJKBigramFilter.KATAKANA;
                    case "hangul" -> flags &= ~CJKBigramFilter.HANGUL;
                    default -> throw new IllegalArgumentException("unknown script [" + script + "] in cjk_bigram");
                }
            }
            int finalFlags = flags;
            boolean unigrams = s.getAsBoolean("output_unigrams", false);
            return filter(name, s, in -> new CJKBigramFilter(in, finalFlags, unigrams));
        });
        m.put("porter_stem", simpleFilter(PorterStemFilter::new));
        m.put("kstem", simpleFilter(KStemFilter::new));
        m.put("stemmer", (indexSettings, env, name, s) -> {
            String language = s.get("language", s.get("name", "porter")).toLowerCase(Locale.ROOT);
            return filter(name, s, switch (language) {
                case "english", "porter" -> in -> new PorterStemFilter(in);
                case "light_english", "kstem" -> in -> new KStemFilter(in);
                case "minimal_english" -> in -> new EnglishMinimalStemFilter(in);
                case "possessive_english" -> in -> new EnglishPossessiveFilter(in);
                case "porter2" -> in -> new SnowballFilter(in, new org.tartarus.snowball.ext.EnglishStemmer());
                default -> throw new IllegalArgumentException("stemmer language [" + language
                    + "] is not supported by this development node");
            });
        });
        // analysis-smartcn plugin
        m.put("smartcn_stop", (indexSettings, env, name, s) -> {
            CharArraySet stop = SmartChineseAnalyzer.getDefaultStopSet();
            return filter(name, s, in -> new StopFilter(in, stop));
        });
        // analysis-icu plugin
        m.put("icu_folding", simpleFilter(ICUFoldingFilter::new));
        m.put("icu_normalizer", (indexSettings, env, name, s) -> {
            Normalizer2 normalizer = icuNormalizer(s);
            return filter(name, s, in -> new ICUNormalizer2Filter(in, normalizer));
        });
        return m;
    }

    private static Normalizer2 icuNormalizer(Settings s) {
        String form = s.get("name", "nfkc_cf");
        String mode = s.get("mode", "compose");
        return Normalizer2.getInstance(null, form,
            "decompose".equals(mode) ? Normalizer2.Mode.DECOMPOSE : Normalizer2.Mode.COMPOSE);
    }

    private static AnalysisProvider<TokenFilterFactory> simpleFilter(java.util.function.Function<TokenStream, TokenStream> f) {
        return (indexSettings, env, name, s) -> filter(name, s, f);
    }

    private static TokenFilterFactory filter(String name, Settings s, java.util.function.Function<TokenStream, TokenStream> f) {
        return new AbstractTokenFilterFactory(name, s) {
            @Override
            public TokenStream create(TokenStream tokenStream) {
                return f.apply(tokenStream);
            }
        };
    }

    // ------------------------------------------------------------------ char filters

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("html_strip", (indexSettings, env, name, s) -> {
            Set<String> escaped = new HashSet<>(s.getAsList("escaped_tags"));
            return charFilter(name, reader -> new HTMLStripCharFilter(reader, escaped.isEmpty() ? null : escaped));
        });
        m.put("icu_normalizer", (indexSettings, env, name, s) -> {
            Normalizer2 normalizer = icuNormalizer(s);
            return charFilter(name, reader -> new org.apache.lucene.analysis.icu.ICUNormalizer2CharFilter(reader, normalizer));
        });
        return m;
    }

    private static CharFilterFactory charFilter(String name, java.util.function.Function<Reader, Reader> f) {
        return new CharFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Reader create(Reader reader) {
                return f.apply(reader);
            }
        };
    }

    // ------------------------------------------------------------------ analyzers

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new TreeMap<>();
        m.put("cjk", analyzer(CJKAnalyzer::new));
        m.put("english", analyzer(EnglishAnalyzer::new));
        m.put("smartcn", analyzer(SmartChineseAnalyzer::new));
        return m;
    }

    private static AnalysisProvider<AnalyzerProvider<? extends Analyzer>> analyzer(Supplier<Analyzer> supplier) {
        return (indexSettings, env, name, s) -> {
            Analyzer analyzer = supplier.get();
            return new AbstractIndexAnalyzerProvider<Analyzer>(name, s) {
                @Override
                public Analyzer get() {
                    return analyzer;
                }
            };
        };
    }

    // ------------------------------------------------------------------ GET / (module rest-root)

    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry namedWriteableRegistry,
                                                   RestController restController, ClusterSettings clusterSettings,
                                                   IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter,
                                                   IndexNameExpressionResolver indexNameExpressionResolver,
                                                   Supplier<DiscoveryNodes> nodesInCluster,
                                                   Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RootHandler(settings));
    }

    private final class RootHandler extends BaseRestHandler {
        private final String nodeName;

        RootHandler(Settings settings) {
            this.nodeName = settings.get("node.name");
        }

        @Override
        public String getName() {
            return "main_action";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
            return channel -> {
                ClusterState state = clusterService.state();
                Build build = Build.current();
                XContentBuilder b = channel.newBuilder();
                b.startObject();
                b.field("name", nodeName);
                b.field("cluster_name", clusterService.getClusterName().value());
                b.field("cluster_uuid", state.metadata().clusterUUID());
                b.startObject("version")
                    .field("number", build.qualifiedVersion())
                    .field("build_flavor", build.flavor())
                    .field("build_type", build.type().displayName())
                    .field("build_hash", build.hash())
                    .field("build_date", build.date())
                    .field("build_snapshot", build.isSnapshot())
                    .field("lucene_version", IndexVersion.current().luceneVersion().toString())
                    .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                    .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                    .endObject();
                b.field("tagline", "You Know, for Search");
                b.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, b));
            };
        }
    }
}
