<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConflictsView</name>
    <message numerus="yes">
        <source>{n} record(s) with competing versions.</source>
        <translation>
            <numerusform>{n} record with competing versions.</numerusform>
            <numerusform>{n} records with competing versions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DevicesModel</name>
    <message numerus="yes">
        <source>{n} exported</source>
        <translation>
            <numerusform>{n} exported</numerusform>
            <numerusform>{n} exported</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message numerus="yes">
        <source>Bundle(s) {missing} from {name} have not arrived; ask for them.</source>
        <translation>
            <numerusform>Bundle {missing} from {name} has not arrived; ask for it.</numerusform>
            <numerusform>Bundles {missing} from {name} have not arrived; ask for them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message numerus="yes">
        <source>{n} possible duplicate pair(s).</source>
        <translation>
            <numerusform>{n} possible duplicate pair.</numerusform>
            <numerusform>{n} possible duplicate pairs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} of them exact (every field equal).</source>
        <translation>
            <numerusform>{n} of them exact (every field equal).</numerusform>
            <numerusform>{n} of them exact (every field equal).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} pair(s) of records are equal in every field. Each copy will be merged into the other record and deleted; both histories are kept, and the merges travel with the next bundle.</source>
        <translation>
            <numerusform>{n} pair of records is equal in every field. The copy will be merged into the other record and deleted; both histories are kept, and the merge travels with the next bundle.</numerusform>
            <numerusform>{n} pairs of records are equal in every field. Each copy will be merged into the other record and deleted; both histories are kept, and the merges travel with the next bundle.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Merged {n} exact duplicate pair(s).</source>
        <translation>
            <numerusform>Merged {n} exact duplicate pair.</numerusform>
            <numerusform>Merged {n} exact duplicate pairs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} pair(s) left for you (changed since the search, or in conflict).</source>
        <translation>
            <numerusform>{n} pair left for you (changed since the search, or in conflict).</numerusform>
            <numerusform>{n} pairs left for you (changed since the search, or in conflict).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All {n} pair(s) shown will be recorded as different events and not listed again.</source>
        <translation>
            <numerusform>The {n} pair shown will be recorded as different events and not listed again.</numerusform>
            <numerusform>All {n} pairs shown will be recorded as different events and not listed again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Marked {n} pair(s) as different events.</source>
        <translation>
            <numerusform>Marked {n} pair as different events.</numerusform>
            <numerusform>Marked {n} pairs as different events.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>Changes since the last bundle ({n} revisions)</source>
        <translation>
            <numerusform>Changes since the last bundle ({n} revision)</numerusform>
            <numerusform>Changes since the last bundle ({n} revisions)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote {path}: bundle #{seq}, {n} revisions, {size} bytes.</source>
        <translation>
            <numerusform>Wrote {path}: bundle #{seq}, {n} revision, {size} bytes.</numerusform>
            <numerusform>Wrote {path}: bundle #{seq}, {n} revisions, {size} bytes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message numerus="yes">
        <source>{rows} rows and {columns} columns.</source>
        <translation>
            <numerusform>{rows} row and {columns} columns.</numerusform>
            <numerusform>{rows} rows and {columns} columns.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This workbook has {n} sheets; the sheet read is {sheet}. Choose another one above if the records are there.</source>
        <translation>
            <numerusform>This workbook has {n} sheet; the sheet read is {sheet}. Choose another one above if the records are there.</numerusform>
            <numerusform>This workbook has {n} sheets; the sheet read is {sheet}. Choose another one above if the records are there.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message numerus="yes">
        <source>{n} revisions of record {id}</source>
        <translation>
            <numerusform>{n} revision of record {id}</numerusform>
            <numerusform>{n} revisions of record {id}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} competing current versions (conflict)</source>
        <translation>
            <numerusform>{n} competing current version (conflict)</numerusform>
            <numerusform>{n} competing current versions (conflict)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>{valid} of {total} bundles are intact.</source>
        <translation>
            <numerusform>{valid} of {total} bundle is intact.</numerusform>
            <numerusform>{valid} of {total} bundles are intact.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} signed by a key this database does not trust: tick “Accept this key” only if its fingerprint matches the sender&apos;s.</source>
        <translation>
            <numerusform>{n} signed by a key this database does not trust: tick “Accept this key” only if its fingerprint matches the sender&apos;s.</numerusform>
            <numerusform>{n} signed by a key this database does not trust: tick “Accept this key” only if its fingerprint matches the sender&apos;s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} bundle(s) merged.</source>
        <translation>
            <numerusform>{n} bundle merged.</numerusform>
            <numerusform>{n} bundles merged.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} record(s) now have competing versions: see the Conflicts view.</source>
        <translation>
            <numerusform>{n} record now has competing versions: see the Conflicts view.</numerusform>
            <numerusform>{n} records now have competing versions: see the Conflicts view.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportModel</name>
    <message numerus="yes">
        <source>#{seq} ({kind}{sealed}): {n} revisions</source>
        <translation>
            <numerusform>#{seq} ({kind}{sealed}): {n} revision</numerusform>
            <numerusform>#{seq} ({kind}{sealed}): {n} revisions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>{n} incidents</source>
        <translation>
            <numerusform>{n} incident</numerusform>
            <numerusform>{n} incidents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} displacement reports</source>
        <translation>
            <numerusform>{n} displacement report</numerusform>
            <numerusform>{n} displacement reports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} changes not exported</source>
        <translation>
            <numerusform>{n} change not exported</numerusform>
            <numerusform>{n} changes not exported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete {n} records?</source>
        <translation>
            <numerusform>Delete {n} record?</numerusform>
            <numerusform>Delete {n} records?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted {n} records</source>
        <translation>
            <numerusform>Deleted {n} record</numerusform>
            <numerusform>Deleted {n} records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message numerus="yes">
        <source>{total} rows: {new} new, {already} already imported, {invalid} invalid.</source>
        <translation>
            <numerusform>{total} row: {new} new, {already} already imported, {invalid} invalid.</numerusform>
            <numerusform>{total} rows: {new} new, {already} already imported, {invalid} invalid.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} rows may duplicate records already here (see Possible duplicates after the import).</source>
        <translation>
            <numerusform>{n} row may duplicate records already here (see Possible duplicates after the import).</numerusform>
            <numerusform>{n} rows may duplicate records already here (see Possible duplicates after the import).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message numerus="yes">
        <source>This record has {n} competing versions from different devices (a conflict). The form shows the provisional winner; saving makes your version the current one for everybody.</source>
        <translation>
            <numerusform>This record has {n} version.</numerusform>
            <numerusform>This record has {n} competing versions from different devices (a conflict). The form shows the provisional winner; saving makes your version the current one for everybody.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordsView</name>
    <message numerus="yes">
        <source>Restored {n} records</source>
        <translation>
            <numerusform>Restored {n} record</numerusform>
            <numerusform>Restored {n} records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} deleted incidents</source>
        <translation>
            <numerusform>{n} deleted incident</numerusform>
            <numerusform>{n} deleted incidents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} deleted displacement reports</source>
        <translation>
            <numerusform>{n} deleted displacement report</numerusform>
            <numerusform>{n} deleted displacement reports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} incidents</source>
        <translation>
            <numerusform>{n} incident</numerusform>
            <numerusform>{n} incidents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} displacement reports</source>
        <translation>
            <numerusform>{n} displacement report</numerusform>
            <numerusform>{n} displacement reports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} of {total} incidents match the filter</source>
        <translation>
            <numerusform>{n} of {total} incident match the filter</numerusform>
            <numerusform>{n} of {total} incidents match the filter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} of {total} displacement reports match the filter</source>
        <translation>
            <numerusform>{n} of {total} displacement report match the filter</numerusform>
            <numerusform>{n} of {total} displacement reports match the filter</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message numerus="yes">
        <source>{n} incidents</source>
        <translation>
            <numerusform>{n} incident</numerusform>
            <numerusform>{n} incidents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} displacement reports</source>
        <translation>
            <numerusform>{n} displacement report</numerusform>
            <numerusform>{n} displacement reports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} pages</source>
        <translation>
            <numerusform>{n} page</numerusform>
            <numerusform>{n} pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent {n} pages to the printer.</source>
        <translation>
            <numerusform>Sent {n} page to the printer.</numerusform>
            <numerusform>Sent {n} pages to the printer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScopeWarningLine</name>
    <message numerus="yes">
        <source>{n} record(s) with unresolved conflicts</source>
        <translation>
            <numerusform>{n} record with an unresolved conflict</numerusform>
            <numerusform>{n} records with unresolved conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} possible duplicate pair(s) ({exact} exact, {likely} likely)</source>
        <translation>
            <numerusform>{n} possible duplicate pair ({exact} exact, {likely} likely)</numerusform>
            <numerusform>{n} possible duplicate pairs ({exact} exact, {likely} likely)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message numerus="yes">
        <source>{n} of the new records may duplicate records already here.</source>
        <translation>
            <numerusform>{n} of the new records may duplicate a record already here.</numerusform>
            <numerusform>{n} of the new records may duplicate records already here.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{created} records created, {already} already imported, {rejected} rejected.</source>
        <translation>
            <numerusform>{created} record created, {already} already imported, {rejected} rejected.</numerusform>
            <numerusform>{created} records created, {already} already imported, {rejected} rejected.</numerusform>
        </translation>
    </message>
</context>
</TS>
