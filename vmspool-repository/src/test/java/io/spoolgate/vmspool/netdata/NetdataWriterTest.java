package io.spoolgate.vmspool.netdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetdataWriterTest {

    private static final Instant T = Instant.parse("2026-11-24T03:04:05.123456Z");

    /** One segment as seen on the wire. */
    record Segment(int offset, int length, int flags, byte[] data) {
    }

    static List<Segment> segments(byte[] b) {
        List<Segment> out = new ArrayList<>();
        int p = 0;
        while (p < b.length && b[p] != 0) {
            int len = b[p] & 0xFF;
            out.add(new Segment(p, len, b[p + 1] & 0xFF, Arrays.copyOfRange(b, p + 2, p + len)));
            p += len;
        }
        for (int i = p; i < b.length; i++) {
            assertThat(b[i]).as("filler at %d", i).isZero();
        }
        return out;
    }

    private static byte[] write(NetdataHeader h, byte[]... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NetdataWriter w = new NetdataWriter(out, h);
        for (byte[] r : records) {
            w.writeRecord(r, 0, r.length);
        }
        w.close();
        return out.toByteArray();
    }

    @Test
    void noteLayoutMatchesTheCmsNote() throws IOException {
        byte[] b = write(NetdataHeader.note("SPOOLGW", "SMTP", "VMNODE", "MAINT", T, 132),
                Cp1047.encode("Subject: hi"), Cp1047.encode(" "));
        assertThat(b.length % 80).isZero();
        List<Segment> s = segments(b);
        assertThat(s).extracting(Segment::flags).containsExactly(0xE0, 0xE0, 0xE0, 0xC0, 0xC0, 0xE0);
        assertThat(Cp1047.decode(Arrays.copyOf(s.get(0).data(), 6))).isEqualTo("INMR01");
        assertThat(Cp1047.decode(Arrays.copyOf(s.get(1).data(), 6))).isEqualTo("INMR02");
        assertThat(Cp1047.decode(Arrays.copyOf(s.get(2).data(), 6))).isEqualTo("INMR03");
        assertThat(Cp1047.decode(Arrays.copyOf(s.get(5).data(), 6))).isEqualTo("INMR06");
        assertThat(s.get(5).length()).isEqualTo(8);

        NetdataControl c = new NetdataReader(new ByteArrayInputStream(b)).header();
        assertThat(c.headerUnits()).extracting(TextUnit::key).containsExactly(
                TextUnitKey.INMLRECL, TextUnitKey.INMFNODE, TextUnitKey.INMFUID, TextUnitKey.INMTNODE,
                TextUnitKey.INMTUID, TextUnitKey.INMFTIME, TextUnitKey.INMNUMF);
        assertThat(c.headerUnits().get(0).values().get(0)).containsExactly(0x00, 0x50);
        assertThat(c.timestampText()).isEqualTo("20261124030405123456");
        assertThat(c.timestamp()).isEqualTo(T);
        assertThat(c.headerUnit(TextUnitKey.INMNUMF).orElseThrow().values().get(0)).hasSize(4);
        NetdataFileInfo f = c.file(1);
        assertThat(f.controlRecords().get(0)).extracting(TextUnit::key).containsExactly(
                TextUnitKey.INMSIZE, TextUnitKey.INMDSORG, TextUnitKey.INMLRECL, TextUnitKey.INMUTILN,
                TextUnitKey.INMRECFM, TextUnitKey.INMTERM);
        assertThat(f.term()).isTrue();
        assertThat(f.lrecl()).isEqualTo(132);
        assertThat(f.recfm()).isEqualTo(2);
        assertThat(f.dsorg()).isEqualTo(0x4000);
        assertThat(f.controlRecords().get(0).get(0).values().get(0)).hasSize(8);
    }

    @Test
    void fileKindWritesDsnameAndFilemodeNumber() throws IOException {
        byte[] b = write(NetdataHeader.file("A", "B", "C", "D", T, 80, List.of("A2", "MAILER", "MAIL")).withSizeHint(1234));
        NetdataFileInfo f = new NetdataReader(new ByteArrayInputStream(b)).header().file(1);
        assertThat(f.dsname()).containsExactly("A", "MAILER", "MAIL");
        assertThat(f.filemode()).isEqualTo("2");
        assertThat(f.term()).isFalse();
        assertThat(f.size()).isEqualTo(1234);
    }

    @Test
    void longRecordsAreSplitIn253ByteSegmentsAcrossCards() throws IOException {
        byte[] big = new byte[253 * 2 + 10];
        Arrays.fill(big, (byte) 0xC1);
        byte[] exact = new byte[253];
        byte[] empty = new byte[0];
        byte[] b = write(NetdataHeader.note("A", "B", "C", "D", T, 80), big, exact, empty);
        List<Segment> s = segments(b);
        List<Segment> data = s.subList(3, s.size() - 1);
        assertThat(data).extracting(Segment::flags).containsExactly(0x80, 0x00, 0x40, 0xC0, 0xC0);
        assertThat(data).extracting(Segment::length).containsExactly(255, 255, 12, 255, 2);
        NetdataReader r = new NetdataReader(new ByteArrayInputStream(b));
        assertThat(r.nextRecord()).isEqualTo(big);
        assertThat(r.nextRecord()).isEqualTo(exact);
        assertThat(r.nextRecord()).isEmpty();
        assertThat(r.nextRecord()).isNull();
        assertThat(r.isComplete()).isTrue();
    }

    @Test
    void closeDoesNotCloseTheStreamAndIsIdempotent() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        NetdataWriter w = new NetdataWriter(out, NetdataHeader.note("A", "B", "C", "D", T, 80));
        w.close();
        w.close();
        assertThat(closed[0]).isFalse();
        assertThat(out.size() % 80).isZero();
        assertThat(w.byteCount()).isEqualTo(out.size());
        assertThatThrownBy(() -> w.writeRecord(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void headerValidationNamesTheField() {
        assertThatThrownBy(() -> NetdataHeader.note("TOOLONGNODE", "B", "C", "D", T, 80))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("originNode");
        assertThatThrownBy(() -> NetdataHeader.note("A", "B C", "C", "D", T, 80))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("originUserid");
        assertThatThrownBy(() -> NetdataHeader.file("A", "B", "C", "D", T, 80, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dsname");
    }

    /** Decode the real 1993 CMS NOTE, write it again with the same values: same text units and same bytes. */
    @Test
    void reencodingTheCmsNoteGivesTheSameBytes() throws IOException {
        byte[] original = Samples.bytes(Samples.CMS_NOTE);
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(original));
        NetdataControl c = reader.header();
        List<TextUnit> originalInmr03 = reader.dataControl();
        List<byte[]> records = new ArrayList<>();
        byte[] r;
        while ((r = reader.nextRecord()) != null) {
            records.add(r);
        }
        NetdataFileInfo f = c.file(1);
        NetdataHeader h = new NetdataHeader(c.originNode(), c.originUserid(), c.targetNode(), c.targetUserid(),
                c.timestamp(), (int) f.lrecl(), f.size(), NetdataFileKind.NOTE, List.of());
        byte[] again = write(h, records.toArray(new byte[0][]));

        NetdataReader second = new NetdataReader(new ByteArrayInputStream(again));
        NetdataControl c2 = second.header();
        assertThat(c2.headerUnits()).isEqualTo(c.headerUnits());
        assertThat(c2.file(1).controlRecords()).isEqualTo(f.controlRecords());
        assertThat(second.dataControl()).isEqualTo(originalInmr03);
        assertThat(again).isEqualTo(original);
    }
}
