package io.spoolgate.ipmapper.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.ipmapper.config.AddressList;
import io.spoolgate.ipmapper.config.ClientAcl;
import io.spoolgate.ipmapper.config.ConfigException;
import io.spoolgate.ipmapper.config.PortMappingParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated input for the three file parsers and the control decoder: whatever the input, only
 * the documented exception may escape, and a rejected file's message names a line that exists.
 */
class ParserFuzzTest {
    private static final long SEED = 0x5eed_1b3aL;
    private static final int ROUNDS = 3000;
    private static final String[] GOOD_MAPPING = {
        "* comment", "25 10.0.0.5 2526 TCPIP", "587 10.0.0.5 2587 TCPIP proxy=v1", "40000 FREE", "40001-40003 FREE", ""};
    private static final String[] GOOD_CONTROL = {
        "PICK 192.0.2.25 25 TCPIP", "PICK [2001:db8::1]:25", "RELEASE 40001", "LIST", "RELOAD", "QUIT", "10.0.0.1 25 TCPIP"};
    private static final String ALPHABET = " \t0123456789.:/-[]#*;=abcxyzFREEPICKproxyv12\u0000\u00ff\u2028\r";

    private static String mutate(String line, Random random) {
        StringBuilder text = new StringBuilder(line);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int position = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> text.insert(position, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> {
                    if (position < text.length()) {
                        text.deleteCharAt(position);
                    }
                }
                case 2 -> {
                    if (position < text.length()) {
                        text.setCharAt(position, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    }
                }
                default -> text.insert(position, String.valueOf(random.nextInt(Integer.MAX_VALUE)));
            }
        }
        return text.toString();
    }

    @Test
    void fileParsersOnlyThrowConfigExceptionWithARealLineNumber() {
        Random random = new Random(SEED);
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> lines = new ArrayList<>();
            int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                String base = GOOD_MAPPING[random.nextInt(GOOD_MAPPING.length)];
                lines.add(random.nextInt(3) == 0 ? base : mutate(base, random));
            }
            for (int parser = 0; parser < 3; parser++) {
                try {
                    switch (parser) {
                        case 0 -> PortMappingParser.parse("fuzz", lines);
                        case 1 -> AddressList.parse("fuzz", lines);
                        default -> ClientAcl.parse("fuzz", lines);
                    }
                } catch (ConfigException e) {
                    rejected++;
                    assertThat(e.line()).isBetween(0, lines.size());
                    assertThat(e.getMessage()).startsWith("fuzz");
                }
            }
        }
        assertThat(rejected).isPositive();
    }

    @Test
    void controlDecoderOnlyThrowsControlSyntaxException() {
        Random random = new Random(SEED);
        int accepted = 0;
        for (int round = 0; round < ROUNDS * 3; round++) {
            String base = GOOD_CONTROL[random.nextInt(GOOD_CONTROL.length)];
            String line = mutate(base, random);
            try {
                ControlCommand command = ControlCommandParser.parse(line);
                assertThat(command).isNotNull();
                accepted++;
            } catch (ControlSyntaxException e) {
                assertThat(e.code()).isIn(501, 502);
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(accepted).isPositive();
    }
}
