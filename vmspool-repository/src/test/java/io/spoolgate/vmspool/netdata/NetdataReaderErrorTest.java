package io.spoolgate.vmspool.netdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Broken structure gives a NetdataException naming the offset. */
class NetdataReaderErrorTest {

    private static byte[] valid(byte[]... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NetdataWriter w = new NetdataWriter(out, NetdataHeader.note("N1", "U1", "N2", "U2", Instant.EPOCH, 80))) {
            for (byte[] r : records) {
                w.writeRecord(r, 0, r.length);
            }
        }
        return out.toByteArray();
    }

    /** Offset of the first data segment in {@link #valid}. */
    private static int firstDataOffset(byte[] b) {
        int p = 0;
        for (int i = 0; i < 3; i++) {
            p += b[p] & 0xFF;
        }
        return p;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> readingAll(byte[] b) {
        return assertThatThrownBy(() -> NetdataSamplesTest.decodeAll(b)).isInstanceOf(NetdataException.class);
    }

    @Test
    void emptyInput() {
        readingAll(new byte[0]).hasMessageContaining("no INMR01");
    }

    @Test
    void notStartingWithInmr01() throws IOException {
        byte[] b = valid(new byte[] {1});
        b[7] = (byte) 0xF2;
        readingAll(b).hasMessageContaining("offset 0").hasMessageContaining("INMR01");
    }

    @Test
    void lengthByteBelowTwo() throws IOException {
        byte[] b = valid(new byte[] {1, 2, 3});
        int p = firstDataOffset(b);
        b[p] = 1;
        readingAll(b).hasMessageContaining("below 2")
                .satisfies(e -> assertThat(((NetdataException) e).offset()).isEqualTo(p));
    }

    @Test
    void reservedFlagBits() throws IOException {
        byte[] b = valid(new byte[] {1, 2, 3});
        int p = firstDataOffset(b);
        b[p + 1] = (byte) 0xC1;
        readingAll(b).hasMessageContaining("reserved");
    }

    @Test
    void recordNotStartingWithFirstFlag() throws IOException {
        byte[] b = valid(new byte[] {1, 2, 3});
        int p = firstDataOffset(b);
        b[p + 1] = 0x40;
        readingAll(b).hasMessageContaining("X'80'");
    }

    @Test
    void truncatedSegment() throws IOException {
        byte[] b = valid(new byte[100]);
        int p = firstDataOffset(b);
        byte[] cut = Arrays.copyOf(b, p + 50);
        readingAll(cut).hasMessageContaining("truncated segment")
                .satisfies(e -> assertThat(((NetdataException) e).offset()).isEqualTo(p));
    }

    @Test
    void missingInmr06() throws IOException {
        byte[] b = valid(new byte[] {1, 2, 3});
        int p = firstDataOffset(b);
        byte[] cut = Arrays.copyOf(b, p + 5);
        readingAll(cut).hasMessageContaining("without the INMR06");
    }

    @Test
    void dataBeforeInmr03() throws IOException {
        byte[] b = valid(new byte[] {1, 2, 3});
        int inmr03 = (b[0] & 0xFF) + (b[b[0] & 0xFF] & 0xFF);
        b[inmr03 + 1] = (byte) 0xC0;
        readingAll(b).hasMessageContaining("data record before INMR03");
    }

    @Test
    void garbageAfterInmr06() throws IOException {
        byte[] b = valid(new byte[] {1, 2, 3});
        b[b.length - 1] = 0x41;
        readingAll(b).hasMessageContaining("after INMR06")
                .satisfies(e -> assertThat(((NetdataException) e).offset()).isEqualTo(b.length - 1));
    }

    @Test
    void blankFillerAndNoFillerAreAccepted() throws IOException {
        byte[] b = valid(new byte[] {1, 2, 3});
        int end = b.length;
        while (b[end - 1] == 0) {
            end--;
        }
        byte[] blanks = b.clone();
        Arrays.fill(blanks, end, blanks.length, (byte) 0x40);
        assertThat(NetdataSamplesTest.decodeAll(blanks).get(0)).hasSize(1);
        assertThat(NetdataSamplesTest.decodeAll(Arrays.copyOf(b, end)).get(0)).hasSize(1);
    }

    @Test
    void recordAboveTheCap() throws IOException {
        byte[] b = valid(new byte[5000]);
        assertThatThrownBy(() -> {
            NetdataReader r = new NetdataReader(new ByteArrayInputStream(b), 4096);
            r.nextRecord();
        }).isInstanceOf(NetdataException.class).hasMessageContaining("maximum of 4096");
    }

    /** A receipt acknowledgement: INMR01, INMR07, INMR06 and no data; INMR01 split over two segments. */
    @Test
    void acknowledgementWithSplitInmr01() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ControlRecordType.INMR01.id());
        body.writeBytes(new byte[] {0x10, 0x11, 0, 1, 0, 2, (byte) 0xC1, (byte) 0xC2}); // INMFNODE "AB"
        body.writeBytes(new byte[] {0x00, 0x42, 0, 1, 0, 1, 80}); // INMLRECL, 1 byte wide, after the node
        byte[] r1 = body.toByteArray();
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(2 + 10);
        in.write(0xA0);
        in.write(r1, 0, 10);
        in.write(2 + r1.length - 10);
        in.write(0x60);
        in.write(r1, 10, r1.length - 10);
        byte[] ack = ControlRecordType.INMR07.id();
        in.write(2 + ack.length + 4);
        in.write(0xE0);
        in.writeBytes(ack);
        in.writeBytes(new byte[] {0x00, 0x28, 0, 0}); // INMTERM
        byte[] trailer = ControlRecordType.INMR06.id();
        in.write(8);
        in.write(0xE0);
        in.writeBytes(trailer);
        NetdataReader r = new NetdataReader(new ByteArrayInputStream(in.toByteArray()));
        NetdataControl c = r.header();
        assertThat(c.originNode()).isEqualTo("AB");
        assertThat(c.headerUnit(TextUnitKey.INMLRECL).orElseThrow().number()).isEqualTo(80);
        assertThat(c.isAcknowledgement()).isTrue();
        assertThat(c.files()).isEmpty();
        assertThat(r.isComplete()).isTrue();
        assertThat(r.nextRecord()).isNull();
        assertThat(r.nextFile()).isFalse();
    }

    @Test
    void truncatedTextUnit() throws IOException {
        byte[] b = valid();
        // shorten INMR01 by one byte in its length byte: the last text unit loses a byte, the next segment shifts
        b[0] = (byte) ((b[0] & 0xFF) - 1);
        readingAll(b);
    }
}
