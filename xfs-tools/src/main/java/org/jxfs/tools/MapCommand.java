// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxfs.tools.map.ImageMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jxfs map IMAGE -o map.png}: a picture of where the allocator put things. */
@Command(name = "map", description = {"Draw an image's blocks AG by AG as a PNG: free space, each kind of AG "
        + "metadata, inode chunks, the log, bmbt, directory and xattr blocks, written data and unwritten extents, "
        + "one file's extents highlighted, with a legend (each kind's share of the image) and a scale. Large AGs "
        + "are drawn one pixel per run of blocks, coloured by the kind holding most of them."},
        customSynopsis = "jxfs map IMAGE -o map.png [--ag N]... [--file PATH]")
final class MapCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "show this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image file (opened read-only)")
    Path image;

    @Option(names = "-o", required = true, paramLabel = "map.png", description = "the PNG to write")
    Path output;

    @Option(names = "--ag", paramLabel = "N", description = "draw only this AG (repeatable)")
    List<Integer> ags = new ArrayList<>();

    @Option(names = "--file", paramLabel = "PATH", description = "highlight this file's extents")
    String file;

    @Override
    public Integer call() throws Exception {
        ImageMap.Summary s = ImageMap.draw(image, output, ags, file);
        System.out.println(output + ": " + s.describe());
        return 0;
    }
}
