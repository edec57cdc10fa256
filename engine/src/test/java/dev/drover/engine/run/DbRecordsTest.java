package dev.drover.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.copy.Utf8Slice;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The packed rows kept for rejects turn into the same CSV line the source row would have written at once. */
class DbRecordsTest {
    private static Utf8Slice utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new Utf8Slice().set(b, 0, b.length);
    }

    @Test
    void aPackedRowBecomesTheCsvLineOfItsSourceValues() {
        Object[] row = {null, 42L, Long.MIN_VALUE, -1.5, 1e300, utf8("plain"), utf8("a,\"b\""), utf8(""), new BigDecimal("12.50"),
                new BigDecimal("-0.001"), new BigDecimal("123456789012345678901234567890.5"), new byte[] {1, (byte) 0xff}, Boolean.TRUE,
                "x\ny", 7, utf8("Zoë 😀")};
        CopyBuffer packed = new CopyBuffer(16);
        DbRecords.pack(row, packed);
        CopyBuffer direct = new CopyBuffer(16);
        DbRecords.originalLine(row, direct);
        String line = new String(DbRecords.csvLine(Arrays.copyOf(packed.buf, packed.pos)), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo(new String(direct.buf, 0, direct.pos, StandardCharsets.UTF_8));
        assertThat(line).isEqualTo(",42,-9223372036854775808,-1.5,1.0E300,plain,\"a,\"\"b\"\"\",\"\",12.50,-0.001,"
                + "123456789012345678901234567890.5,\\x01ff,true,\"x\ny\",7,Zoë 😀\n");
    }
}
