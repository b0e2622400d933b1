// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import org.jxfs.tools.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./jxfs} front end: one subcommand per tool, as xfsprogs has one program per tool. */
@Command(name = "jxfs", mixinStandardHelpOptions = true, version = "jxfs 0.1.0",
        description = "XFS's block-allocation stack in Java: tools over real XFS v5 images.",
        subcommands = {MkfsCommand.class, IoCommand.class, CheckCommand.class, LogprintCommand.class, DemoCommand.class,
                DaxRaceCommand.class, ReplayCommand.class, FreespCommand.class, FragCommand.class, MapCommand.class,
                CommandLine.HelpCommand.class})
public final class JxfsMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a tool and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new JxfsMain());
        // mkfs takes mkfs.xfs's option syntax (-d size=1g,agcount=4): its arguments reach it unparsed, in order.
        cl.getSubcommands().get("mkfs").setUnmatchedOptionsArePositionalParams(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}
