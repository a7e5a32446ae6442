package io.spoolgate.ipmapper;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** Formats each log record as one line: UTC time, level, message. */
final class OneLineLogFormat extends Formatter {
    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record).replace('\n', ' ').replace('\r', ' ');
        return Instant.ofEpochMilli(record.getMillis()) + " " + record.getLevel().getName() + " " + message + System.lineSeparator();
    }
}
