<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>HistoryDialog</name>
    <message numerus="yes">
        <source>Resolved conflict of {n} versions</source>
        <translation>
            <numerusform>Resolved conflict of {n} version</numerusform>
            <numerusform>Resolved conflict of {n} versions</numerusform>
        </translation>
    </message>
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
    <name>MainWindow</name>
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
</TS>
