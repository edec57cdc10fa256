package dev.drover.engine.copy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Utf8SliceTest {
    /** a, é (2 bytes), 日 (3 bytes), 😀 (4 bytes, a surrogate pair in Java), b: 11 bytes, 5 code points. */
    private static final String MIXED = "aé日😀b";

    @Test
    void charAtAnswersAsciiAndNonAsciiForEveryByteOfAMultiByteCharacter() {
        Utf8Slice s = TestSlices.of(MIXED);
        assertThat(s.length()).isEqualTo(11);
        StringBuilder chars = new StringBuilder();
        for (int i = 0; i < s.length(); i++) chars.append(s.charAt(i) == Utf8Slice.NON_ASCII ? '?' : s.charAt(i));
        assertThat(chars).hasToString("a?????????b");
        assertThat(TestSlices.of("\u007f").charAt(0)).isEqualTo('\u007f');
    }

    @Test
    void codePointsAndByteIndexAfterCountCharactersNotBytesNorUtf16Units() {
        Utf8Slice s = TestSlices.of(MIXED);
        assertThat(s.codePointCount()).isEqualTo(5).isEqualTo(MIXED.codePointCount(0, MIXED.length()));
        int[] after = {0, 1, 3, 6, 10, 11, 11, 11};
        for (int n = 0; n < after.length; n++) assertThat(s.byteIndexAfter(n)).as("after %d", n).isEqualTo(after[n]);

        Utf8Slice emoji = TestSlices.of("😀😀");
        assertThat(emoji.codePointCount()).isEqualTo(2);
        assertThat(emoji.byteIndexAfter(1)).isEqualTo(4);

        Utf8Slice empty = TestSlices.of("");
        assertThat(empty.length()).isZero();
        assertThat(empty.codePointCount()).isZero();
        assertThat(empty.byteIndexAfter(0)).isZero();
        assertThat(empty.byteIndexAfter(3)).isZero();
    }

    @Test
    void toStringAndSubSequenceDecodeTheWindowOnly() {
        Utf8Slice s = TestSlices.of(MIXED);
        assertThat(s.toString()).isEqualTo(MIXED);
        assertThat(s.subSequence(0, 1).toString()).isEqualTo("a");
        assertThat(s.subSequence(1, 3).toString()).isEqualTo("é");
        assertThat(s.subSequence(3, 6).toString()).isEqualTo("日");
        assertThat(s.subSequence(6, 10).toString()).isEqualTo("😀");
        assertThat(s.subSequence(10, 11).toString()).isEqualTo("b");
        assertThat(s.subSequence(11, 11).toString()).isEmpty();
        assertThatThrownBy(() -> s.subSequence(0, 12)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.subSequence(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.subSequence(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void setReusesTheObjectForAnotherWindow() {
        byte[] line = "12,héllo,😀".getBytes(UTF_8);
        Utf8Slice s = new Utf8Slice();
        assertThat(s.set(line, 0, 2)).isSameAs(s).hasToString("12");
        assertThat(s.set(line, 3, 6)).hasToString("héllo");
        assertThat(s.bytes()).isSameAs(line);
        assertThat(s.offset()).isEqualTo(3);
        assertThat(s.codePointCount()).isEqualTo(5);
        assertThat(s.set(line, 10, 4)).hasToString("😀");
    }
}
