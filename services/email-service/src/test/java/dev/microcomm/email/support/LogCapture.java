package dev.microcomm.email.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects the service's log records of one category, with their MDC (trace id). */
public final class LogCapture extends Handler {

    private final String category;
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();

    public LogCapture(String category) {
        this.category = category;
    }

    public void start() {
        Logger.getLogger(category).addHandler(this);
    }

    public void stop() {
        Logger.getLogger(category).removeHandler(this);
    }

    public List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            ext.copyMdc();
            records.add(ext);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
