package dev.microcomm.localstack;

import java.util.List;

/** GreenMail SMTP plus the small mailbox HTTP API ({@link SmtpServerMain}). */
public final class SmtpComponent extends Component {

    public SmtpComponent(StackConfig config) {
        super(config, "smtp");
    }

    @Override
    public String address() {
        return config.smtpHost + ":" + config.smtpPort + " (mail: http://" + config.smtpHost + ":" + config.smtpHttpPort + "/messages)";
    }

    @Override
    public boolean answers() {
        return Ports.answers(config.smtpHost, config.smtpPort);
    }

    @Override
    public boolean ready() {
        return answers() && Ports.answers(config.smtpHost, config.smtpHttpPort);
    }

    @Override
    public String existingHint() {
        return Ports.answers(config.smtpHost, config.smtpHttpPort) ? "" : " (no mailbox HTTP API on port " + config.smtpHttpPort + ")";
    }

    @Override
    protected java.util.Map<String, Integer> auxiliaryPorts() {
        return java.util.Map.of("SMTP_HTTP_PORT", config.smtpHttpPort);
    }

    @Override
    protected void prepare(ProcessSupervisor supervisor) {
        checkAuxiliaryPortsFree(config.smtpHost);
    }

    @Override
    public String keptOnStop() {
        return "received mail is gone: it lives in memory";
    }

    @Override
    protected List<String> jvmArguments() {
        return List.of("-Xmx512m", "-cp", launcherClasspath(), SmtpServerMain.class.getName(),
                config.smtpHost, Integer.toString(config.smtpPort), Integer.toString(config.smtpHttpPort));
    }
}
