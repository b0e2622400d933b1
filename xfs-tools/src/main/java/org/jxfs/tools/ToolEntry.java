// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A tool as the top-level command line lists it: a picocli command with the tool's {@code @Command} attributes
 * (name, description, header, hidden) and none of its options, so its class is neither instantiated nor inspected
 * field by field. {@link JxfsMain} registers a tool this way when the command line does not run it; an entry that is
 * run anyway fails with an internal error rather than running the tool without its options.
 */
final class ToolEntry implements Runnable {
    private final Class<?> tool;

    private ToolEntry(Class<?> tool) {
        this.tool = tool;
    }

    /** The subcommand name a tool class declares in its {@code @Command}. */
    static String name(Class<?> tool) {
        return command(tool).name();
    }

    /** The entry for {@code tool}. */
    static CommandLine of(Class<?> tool) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(new ToolEntry(tool));
        spec.updateCommandAttributes(command(tool), null);
        return new CommandLine(spec);
    }

    private static Command command(Class<?> tool) {
        Command c = tool.getAnnotation(Command.class);
        if (c == null) {
            throw new IllegalArgumentException(tool.getName() + " has no @Command annotation");
        }
        return c;
    }

    @Override
    public void run() {
        throw new IllegalStateException("internal error: " + tool.getName() + " was registered without its options");
    }
}
