#!/usr/bin/env bash
# Packs the nuspec into ../local-feed without needing nuget.exe: a nupkg is a zip with the nuspec at its root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../local-feed/patched.distributedlock.postgres.1.3.3.nupkg"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/Patched.DistributedLock.Postgres.nuspec" "$work/"
cat > "$work/[Content_Types].xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="nuspec" ContentType="application/octet" /></Types>
XML
rm -f "$out"
(cd "$work" && python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED); [z.write(f) for f in sys.argv[2:]]; z.close()' "$out" Patched.DistributedLock.Postgres.nuspec '[Content_Types].xml')
echo "wrote $out"
