package local.rtpt.es;

import java.io.IOException;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The "lowercase" tokenizer of Elasticsearch: splits on every non-letter
 * and lowercases each token (tokens longer than 255 chars are split).
 */
final class LowerCaseTokenizer extends Tokenizer {

    private static final int MAX_TOKEN_LENGTH = 255;

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private String text;
    private int pos;
    private int finalOffset;

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        if (text == null) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[4096];
            int n;
            while ((n = input.read(buf)) != -1) {
                sb.append(buf, 0, n);
            }
            text = sb.toString();
            pos = 0;
        }
        int len = text.length();
        while (pos < len && Character.isLetter(text.codePointAt(pos)) == false) {
            pos += Character.charCount(text.codePointAt(pos));
        }
        finalOffset = correctOffset(len);
        if (pos >= len) {
            return false;
        }
        int start = pos;
        termAtt.setEmpty();
        while (pos < len) {
            int cp = text.codePointAt(pos);
            if (Character.isLetter(cp) == false) {
                break;
            }
            if (termAtt.length() + Character.charCount(cp) > MAX_TOKEN_LENGTH) {
                break;
            }
            termAtt.append(new String(Character.toChars(Character.toLowerCase(cp))));
            pos += Character.charCount(cp);
        }
        offsetAtt.setOffset(correctOffset(start), correctOffset(pos));
        return true;
    }

    @Override
    public void end() throws IOException {
        super.end();
        offsetAtt.setOffset(finalOffset, finalOffset);
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        text = null;
        pos = 0;
        finalOffset = 0;
    }
}
