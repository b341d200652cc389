"""Prints the slowest tests of the given .trx result files, slowest first: python3 tests/slowest.py COUNT FILE..."""
import sys
import xml.etree.ElementTree as ElementTree

NAMESPACE = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def seconds(duration):
    hours, minutes, rest = duration.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def main(count, files):
    results = []
    for file in files:
        for result in ElementTree.parse(file).getroot().iter(NAMESPACE + "UnitTestResult"):
            if result.get("duration"):
                results.append((seconds(result.get("duration")), result.get("testName")))
    results.sort(reverse=True)
    for duration, name in results[:count]:
        print(f"  {duration:6.1f} s  {name}")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
