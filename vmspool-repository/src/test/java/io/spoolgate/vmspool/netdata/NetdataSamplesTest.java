package io.spoolgate.vmspool.netdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every real sample decodes completely; known facts from netdata.md hold. */
class NetdataSamplesTest {

    /** All files, all records, up to INMR06 and the filler. */
    static List<List<byte[]>> decodeAll(byte[] input) throws IOException {
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(input));
        NetdataControl control = reader.header();
        List<List<byte[]>> files = new ArrayList<>();
        if (reader.currentFile() == 0) {
            assertThat(reader.isComplete()).isTrue();
            return files;
        }
        do {
            List<byte[]> records = new ArrayList<>();
            byte[] r;
            while ((r = reader.nextRecord()) != null) {
                records.add(r);
            }
            files.add(records);
        } while (reader.nextFile());
        assertThat(reader.isComplete()).isTrue();
        assertThat(files).hasSize(Math.max(1, control.numberOfFiles()));
        return files;
    }

    @ParameterizedTest
    @ValueSource(strings = {Samples.CMS_NOTE, Samples.NETSERV, Samples.LISTSERV, Samples.MVS_MEMBER,
            Samples.FUNET_BINARY, Samples.XMIT_SEQ, Samples.XMIT_PDS, Samples.TSO_PDS_MSG})
    void everySampleDecodesCompletely(String name) throws IOException {
        byte[] input = Samples.bytes(name);
        assertThat(input.length % 80).isZero();
        List<List<byte[]>> files = decodeAll(input);
        assertThat(files).isNotEmpty();
        assertThat(files.get(0)).isNotEmpty();
    }

    @Test
    void cmsNote1993() throws IOException {
        byte[] input = Samples.bytes(Samples.CMS_NOTE);
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(input));
        NetdataControl c = reader.header();
        assertThat(c.originNode()).isEqualTo("ALIJKU11");
        assertThat(c.originUserid()).isEqualTo("CMS1");
        assertThat(c.targetNode()).isEqualTo("FINFILES");
        assertThat(c.targetUserid()).isEqualTo("MEA");
        assertThat(c.timestampText()).isEqualTo("19931113220327000000");
        assertThat(c.timestamp()).isEqualTo(Instant.parse("1993-11-13T22:03:27Z"));
        assertThat(c.numberOfFiles()).isEqualTo(1);
        NetdataFileInfo f = c.file(1);
        assertThat(f.term()).isTrue();
        assertThat(f.recfm()).isEqualTo(0x0002);
        assertThat(f.lrecl()).isEqualTo(132);
        assertThat(f.size()).isZero();
        assertThat(f.dsorg()).isEqualTo(0x4000);
        assertThat(f.utilityNames()).containsExactly("INMCOPY");
        assertThat(f.dsname()).isEmpty();
        assertThat(reader.dataControl()).contains(TextUnit.number(TextUnitKey.INMLRECL, 0x50, 4));
        List<String> lines = new ArrayList<>();
        byte[] r;
        while ((r = reader.nextRecord()) != null) {
            lines.add(Cp1047.decode(r));
        }
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("Date:");
        assertThat(lines.get(1)).startsWith("From:");
        assertThat(lines.get(2)).startsWith("To:");
        assertThat(lines.get(3)).isEqualTo(" ");
        assertThat(lines.get(4)).isEqualTo("Test");
        assertThat(lines.get(5)).isEqualTo(" ");
        assertThat(reader.nextFile()).isFalse();
        assertThat(reader.isComplete()).isTrue();
    }

    @Test
    void netservSendfile() throws IOException {
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(Samples.bytes(Samples.NETSERV)));
        NetdataFileInfo f = reader.header().file(1);
        assertThat(f.dsname()).containsExactly("B", "DOMAIN", "NAMES");
        assertThat(f.filemode()).isEqualTo("1");
        assertThat(f.term()).isFalse();
        assertThat(f.lrecl()).isEqualTo(84);
        assertThat(f.recfm()).isEqualTo(0x0002);
        int count = 0;
        while (reader.nextRecord() != null) {
            count++;
        }
        assertThat(count).isEqualTo(816);
    }

    @Test
    void mvsMemberWithSplitInmr02() throws IOException {
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(Samples.bytes(Samples.MVS_MEMBER)));
        NetdataControl c = reader.header();
        assertThat(c.headerUnit(TextUnitKey.INMFACK)).isPresent();
        NetdataFileInfo f = c.file(1);
        assertThat(f.recfm()).isEqualTo(0x9000);
        assertThat(f.lrecl()).isEqualTo(80);
        TextUnit member = f.controlRecords().get(0).stream().filter(u -> u.key() == TextUnitKey.INMMEMBR).findFirst().orElseThrow();
        assertThat(member.texts()).hasSize(1);
        byte[] r;
        while ((r = reader.nextRecord()) != null) {
            assertThat(r).hasSize(80);
        }
    }

    @Test
    void funetBinaryIsOneLongRecord() throws IOException {
        List<List<byte[]>> files = decodeAll(Samples.bytes(Samples.FUNET_BINARY));
        assertThat(files.get(0)).hasSize(1);
        assertThat(files.get(0).get(0)).hasSize(4409);
    }

    @Test
    void xmit370SequentialIsOneBlock() throws IOException {
        List<List<byte[]>> files = decodeAll(Samples.bytes(Samples.XMIT_SEQ));
        assertThat(files.get(0).get(0)).hasSize(2640);
    }

    @Test
    void tsoPdsWithMessageHasTwoFiles() throws IOException {
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(Samples.bytes(Samples.TSO_PDS_MSG)));
        NetdataControl c = reader.header();
        assertThat(c.numberOfFiles()).isEqualTo(2);
        assertThat(c.file(1).term()).isTrue();
        assertThat(c.file(1).recfm()).isEqualTo(0x5002);
        assertThat(c.file(1).lrecl()).isEqualTo(251);
        assertThat(c.file(2).utilityNames()).containsExactly("IEBCOPY", "INMCOPY");
        assertThat(reader.nextRecord()).isNotNull();
        assertThat(reader.nextFile()).isTrue();
        assertThat(reader.currentFile()).isEqualTo(2);
        assertThat(reader.nextRecord()).isNotNull();
        assertThat(reader.nextFile()).isFalse();
        assertThat(reader.isComplete()).isTrue();
    }
}
