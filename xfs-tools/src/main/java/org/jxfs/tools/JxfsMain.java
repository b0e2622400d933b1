// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.util.List;
import org.jxfs.tools.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./jxfs} front end: one subcommand per tool, as xfsprogs has one program per tool. Only the tools a
 * command line can run are built into picocli's model from their annotations (options, parameters, their types);
 * the others are {@link ToolEntry entries} made from their {@code @Command} attributes alone, which is everything
 * the top-level usage help shows of them. Building every tool's model costs a start-up most of its time.
 */
@Command(name = "jxfs", mixinStandardHelpOptions = true, version = "jxfs 0.1.0",
        description = "XFS's block-allocation stack in Java: tools over real XFS v5 images.")
public final class JxfsMain implements Runnable {
    /** The tools, in the order the usage help lists them; picocli's {@code help} comes last. */
    static final List<Class<?>> TOOLS = List.of(MkfsCommand.class, IoCommand.class, CheckCommand.class,
            LogprintCommand.class, DemoCommand.class, DaxRaceCommand.class, ReplayCommand.class, FreespCommand.class,
            FragCommand.class, MapCommand.class, CommandLine.HelpCommand.class);

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
        CommandLine cl = commandLine(args);
        // mkfs takes mkfs.xfs's option syntax (-d size=1g,agcount=4): its arguments reach it unparsed, in order.
        cl.getSubcommands().get("mkfs").setUnmatchedOptionsArePositionalParams(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * The command line for {@code args}: every tool whose name is one of the arguments gets its full model, the
     * others an entry. The top level takes no parameters, so the tool picocli runs is always named in the arguments;
     * {@code help} (which shows any tool's options) and {@code @file} arguments (picocli's argument files, whose
     * contents are not known here) build every tool.
     */
    static CommandLine commandLine(String... args) {
        boolean all = false;
        for (String a : args) {
            all |= a.equals("help") || a.startsWith("@");
        }
        CommandLine cl = new CommandLine(new JxfsMain());
        for (Class<?> tool : TOOLS) {
            String name = ToolEntry.name(tool);
            if (all || List.of(args).contains(name)) {
                cl.addSubcommand(name, tool);
            } else {
                cl.addSubcommand(name, ToolEntry.of(tool));
            }
        }
        return cl;
    }
}
