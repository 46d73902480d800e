<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar" sourcelanguage="en">
<context>
    <name>AgeIdentityDialog</name>
    <message>
        <source>Export age identity</source>
        <translation>تصدير هوية age</translation>
    </message>
    <message>
        <source>This writes the key that opens bundles sealed to this device, protected by a passphrase in age&apos;s own format, so that the age tool can open them too. Keep the file as safe as this laptop: with its passphrase, it opens every bundle sealed to you.</source>
        <translation>يكتب هذا المفتاحَ الذي يفتح الحزم المشفّرة إلى هذا الجهاز، محميًّا بعبارة مرور بصيغة age نفسها، لتتمكن أداة age من فتحها أيضًا. احفظ الملف بأمان كما تحفظ هذا الحاسوب: مع عبارة مروره يفتح كل حزمة مشفّرة إليك.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>to open this device&apos;s sealing key</source>
        <translation>لفتح مفتاح التشفير لهذا الجهاز</translation>
    </message>
    <message>
        <source>Protect the file with this device&apos;s passphrase too</source>
        <translation>احمِ الملف بعبارة مرور هذا الجهاز أيضًا</translation>
    </message>
    <message>
        <source>age asks for it to open a bundle</source>
        <translation>تطلبها age لفتح حزمة</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>الحفظ باسم:</translation>
    </message>
    <message>
        <source>Device passphrase:</source>
        <translation>عبارة مرور الجهاز:</translation>
    </message>
    <message>
        <source>File passphrase:</source>
        <translation>عبارة مرور الملف:</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>أعد كتابتها:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>Save the age identity as</source>
        <translation>حفظ هوية age باسم</translation>
    </message>
    <message>
        <source>age identity files (*.age)</source>
        <translation>ملفات هوية age (*.age)</translation>
    </message>
    <message>
        <source>Choose where to save the age identity.</source>
        <translation>اختر مكان حفظ هوية age.</translation>
    </message>
    <message>
        <source>Type the passphrase of this device&apos;s key.</source>
        <translation>اكتب عبارة المرور لمفتاح هذا الجهاز.</translation>
    </message>
    <message>
        <source>The file&apos;s passphrase must be at least {n} characters.</source>
        <translation>يجب ألا تقل عبارة مرور الملف عن {n} أحرف.</translation>
    </message>
    <message>
        <source>The two file passphrases differ.</source>
        <translation>عبارتا مرور الملف مختلفتان.</translation>
    </message>
    <message>
        <source>{path} exists. Replace it?</source>
        <translation>الملف {path} موجود. هل تريد استبداله؟</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>استبدال</translation>
    </message>
    <message>
        <source>Exporting the age identity</source>
        <translation>تصدير هوية age</translation>
    </message>
    <message>
        <source>Wrote {path}. The age tool opens a bundle sealed to you with:
age -d -i {name} -o bundle.zip BUNDLE.age
and asks for the file&apos;s passphrase.</source>
        <translation>كُتب الملف {path}. تفتح أداة age حزمة مشفّرة إليك بالأمر:
age -d -i {name} -o bundle.zip BUNDLE.age
وتطلب عبارة مرور الملف.</translation>
    </message>
    <message>
        <source>Age identity exported</source>
        <translation>صُدّرت هوية age</translation>
    </message>
</context>
<context>
    <name>BundleDrop</name>
    <message>
        <source>Left alone: {names}. Dropped here, bundles (.zip, .age) open in Import bundles, and one CSV or Excel file at a time opens in Import data.</source>
        <translation>تُركت كما هي: {names}. ما يُفلت هنا: الحزم (‎.zip و‎.age) تُفتح في «استيراد حزم»، وملف CSV أو Excel واحد في كل مرة يُفتح في «استيراد بيانات».</translation>
    </message>
    <message>
        <source>Not a bundle, left alone: {names}. Bundles are the .zip (or sealed .age) files that fieldapp exports.</source>
        <translation>ليست حزمة، تُركت كما هي: {names}. الحزم هي ملفات ‎.zip (أو ‎.age المختومة) التي يصدّرها fieldapp.</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change passphrase</source>
        <translation>تغيير عبارة المرور</translation>
    </message>
    <message>
        <source>Current passphrase:</source>
        <translation>عبارة المرور الحالية:</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>عبارة المرور الجديدة:</translation>
    </message>
    <message>
        <source>Repeat the new passphrase:</source>
        <translation>أعد كتابة عبارة المرور الجديدة:</translation>
    </message>
    <message>
        <source>Backups and copies made before keep the old passphrase: keep it for them, or make new backups.</source>
        <translation>النسخ الاحتياطية والنسخ التي صُنعت قبل ذلك تبقى بعبارة المرور القديمة: احتفظ بها من أجلها، أو اصنع نسخًا احتياطية جديدة.</translation>
    </message>
    <message>
        <source>One passphrase opens this database and this device&apos;s signing key. Both change together: the database is encrypted again under the new one.</source>
        <translation>عبارة مرور واحدة تفتح قاعدة البيانات هذه ومفتاح التوقيع لهذا الجهاز. يتغيّران معًا: تُشفَّر قاعدة البيانات من جديد بالعبارة الجديدة.</translation>
    </message>
    <message>
        <source>This database is not encrypted: only this device&apos;s keys change. Encrypt the database too (fieldapp encrypt) so that it opens only with the passphrase.</source>
        <translation>قاعدة البيانات هذه غير مشفّرة: تتغيّر مفاتيح هذا الجهاز فقط. شفّر قاعدة البيانات أيضًا (fieldapp encrypt) كي لا تُفتح إلا بعبارة المرور.</translation>
    </message>
    <message>
        <source>Type the current passphrase.</source>
        <translation>اكتب عبارة المرور الحالية.</translation>
    </message>
    <message>
        <source>The new passphrase must be at least {n} characters.</source>
        <translation>يجب أن تكون عبارة المرور الجديدة {n} أحرف على الأقل.</translation>
    </message>
    <message>
        <source>The two new passphrases differ: type the new one again.</source>
        <translation>عبارتا المرور الجديدتان مختلفتان: اكتب الجديدة مرة أخرى.</translation>
    </message>
    <message>
        <source>The new passphrase is the same as the current one.</source>
        <translation>عبارة المرور الجديدة هي نفسها الحالية.</translation>
    </message>
    <message>
        <source>Wait for the running task to finish first.</source>
        <translation>انتظر حتى تنتهي المهمة الجارية أولاً.</translation>
    </message>
    <message>
        <source>Changing the passphrase</source>
        <translation>تغيير عبارة المرور</translation>
    </message>
    <message>
        <source>This device&apos;s keys now open only with the new passphrase. The database itself is not encrypted: encrypt it with fieldapp encrypt.</source>
        <translation>مفاتيح هذا الجهاز لا تُفتح الآن إلا بعبارة المرور الجديدة. قاعدة البيانات نفسها غير مشفّرة: شفّرها باستخدام fieldapp encrypt.</translation>
    </message>
    <message>
        <source>The database and this device&apos;s keys now open only with the new passphrase. Backups made before keep the old one.</source>
        <translation>قاعدة البيانات ومفاتيح هذا الجهاز لا تُفتح الآن إلا بعبارة المرور الجديدة. النسخ الاحتياطية التي صُنعت قبل ذلك تبقى بالعبارة القديمة.</translation>
    </message>
    <message>
        <source>Passphrase changed</source>
        <translation>تغيّرت عبارة المرور</translation>
    </message>
    <message>
        <source>Wrong passphrase. Try again.</source>
        <translation>عبارة المرور خاطئة. حاول مرة أخرى.</translation>
    </message>
    <message>
        <source>Changing the passphrase…</source>
        <translation>جارٍ تغيير عبارة المرور…</translation>
    </message>
</context>
<context>
    <name>CheckPlacesDialog</name>
    <message>
        <source>Check places</source>
        <translation>فحص الأماكن</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>جارٍ الفحص…</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>السجل</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>المكان</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>الحقل</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>المشكلة</translation>
    </message>
    <message>
        <source>&amp;Complete what can be completed</source>
        <translation>&amp;إكمال ما يمكن إكماله</translation>
    </message>
    <message>
        <source>Fill the P-codes and names the register finds, in your own records</source>
        <translation>املأ رموز P والأسماء التي يجدها السجل، في سجلاتك أنت</translation>
    </message>
    <message>
        <source>Other devices&apos; records too</source>
        <translation>سجلات الأجهزة الأخرى أيضًا</translation>
    </message>
    <message>
        <source>Complete the records other devices wrote as well: this device becomes the author of those completions, which travel in its next bundle</source>
        <translation>أكمل السجلات التي كتبتها الأجهزة الأخرى أيضًا: يصبح هذا الجهاز كاتب هذه الإكمالات، وتنتقل في حزمته التالية</translation>
    </message>
    <message>
        <source>Double-click a record to open it</source>
        <translation>انقر مرتين على سجل لفتحه</translation>
    </message>
    <message>
        <source>Completing places…</source>
        <translation>جارٍ إكمال الأماكن…</translation>
    </message>
    <message>
        <source>Checking places…</source>
        <translation>جارٍ فحص الأماكن…</translation>
    </message>
    <message>
        <source>Records checked: {n}; with a place to look at: {m}.</source>
        <translation>السجلات المفحوصة: {n}؛ فيها مكان يحتاج نظرًا: {m}.</translation>
    </message>
    <message>
        <source>Records completed: {n}.</source>
        <translation>السجلات المكتملة: {n}.</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>حادثة</translation>
    </message>
    <message>
        <source>Displacement</source>
        <translation>نزوح</translation>
    </message>
    <message>
        <source>Can be completed ({changes}); another device&apos;s record: tick “Other devices&apos; records too” to complete it</source>
        <translation>يمكن إكماله ({changes})؛ سجل جهاز آخر: فعّل «سجلات الأجهزة الأخرى أيضًا» لإكماله</translation>
    </message>
    <message>
        <source>Can be completed ({changes}) once its competing versions are resolved</source>
        <translation>يمكن إكماله ({changes}) بعد حسم نسخه المتنافسة</translation>
    </message>
    <message>
        <source>Can be completed ({changes})</source>
        <translation>يمكن إكماله ({changes})</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>Record</source>
        <translation>السجل</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>المكان</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>النسخ</translation>
    </message>
    <message>
        <source>incident</source>
        <translation>حادثة</translation>
    </message>
    <message>
        <source>displacement</source>
        <translation>نزوح</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>النتيجة</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>محذوفة</translation>
    </message>
    <message>
        <source>shown now</source>
        <translation>المعروضة حالياً</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>(محذوفة)</translation>
    </message>
    <message>
        <source>Keep this version whole</source>
        <translation>اعتماد هذه النسخة كاملة</translation>
    </message>
    <message>
        <source>Save the chosen values</source>
        <translation>حفظ القيم المختارة</translation>
    </message>
    <message>
        <source>Open the record</source>
        <translation>فتح السجل</translation>
    </message>
    <message>
        <source>Click a value to keep it (green); fields that differ are highlighted. Resolving writes one revision that replaces all versions, everywhere it travels.</source>
        <translation>انقر على قيمة لاعتمادها (بالأخضر)؛ الحقول المختلفة مميّزة. الحسم يكتب مراجعة واحدة تحل محل كل النسخ، أينما انتقلت.</translation>
    </message>
    <message>
        <source>No records with competing versions.</source>
        <translation>لا توجد سجلات ذات نسخ متنافسة.</translation>
    </message>
    <message numerus="yes">
        <source>{n} record(s) with competing versions.</source>
        <translation>
            <numerusform>لا توجد سجلات ذات نسخ متنافسة.</numerusform>
            <numerusform>سجل واحد له نسخ متنافسة.</numerusform>
            <numerusform>سجلان لهما نسخ متنافسة.</numerusform>
            <numerusform>{n} سجلات لها نسخ متنافسة.</numerusform>
            <numerusform>{n} سجلاً لها نسخ متنافسة.</numerusform>
            <numerusform>{n} سجل لها نسخ متنافسة.</numerusform>
        </translation>
    </message>
    <message>
        <source>{author}, {time}{deleted}</source>
        <translation>{author}، {time}{deleted}</translation>
    </message>
    <message>
        <source> (deletion)</source>
        <translation> (حذف)</translation>
    </message>
    <message>
        <source>Resolve the conflict</source>
        <translation>حسم التعارض</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>الأجهزة</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>التعارضات</translation>
    </message>
    <message>
        <source>&amp;Export bundle…</source>
        <translation>&amp;تصدير حزمة…</translation>
    </message>
    <message>
        <source>&amp;Import bundles…</source>
        <translation>ا&amp;ستيراد حزم…</translation>
    </message>
    <message>
        <source>&amp;Devices and keys</source>
        <translation>الأجهزة و&amp;المفاتيح</translation>
    </message>
    <message>
        <source>&amp;Conflicts</source>
        <translation>ال&amp;تعارضات</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>fieldapp: unexpected error</source>
        <translation>‏fieldapp: خطأ غير متوقع</translation>
    </message>
    <message>
        <source>The details were saved to:
{path}</source>
        <translation>حُفظت التفاصيل في:
{path}</translation>
    </message>
    <message>
        <source>That file leaves out the error messages, which may hold record data. The full text below is not saved anywhere: copy it into a report only if you choose.</source>
        <translation>يستبعد هذا الملف رسائل الخطأ، لأنها قد تحتوي على بيانات من السجلات. النص الكامل أدناه غير محفوظ في أي مكان: انسخه إلى تقرير فقط إذا اخترت ذلك.</translation>
    </message>
    <message>
        <source>The details could not be saved to a file; copy them below.</source>
        <translation>تعذّر حفظ التفاصيل في ملف؛ انسخها من الأسفل.</translation>
    </message>
    <message>
        <source>Something went wrong inside fieldapp. This is a bug, not something you did.
Your records are safe: every change is saved completely or not at all.

</source>
        <translation>حدث خلل داخل fieldapp. هذا خطأ برمجي، وليس بسبب شيء فعلته.
سجلاتك في أمان: كل تغيير يُحفظ كاملاً أو لا يُحفظ إطلاقاً.

</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>نسخ التفاصيل</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>Pick a date</source>
        <translation>اختر تاريخاً</translation>
    </message>
</context>
<context>
    <name>DeletedRecordsModel</name>
    <message>
        <source>Deleted on (UTC)</source>
        <translation>تاريخ الحذف (بالتوقيت العالمي)</translation>
    </message>
</context>
<context>
    <name>DevicesModel</name>
    <message>
        <source>Device</source>
        <translation>الجهاز</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>المنظمة</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>بصمة المفتاح</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>موثوق</translation>
    </message>
    <message>
        <source>Bundles received</source>
        <translation>الحزم المستلمة</translation>
    </message>
    <message>
        <source>Missing bundles</source>
        <translation>الحزم الناقصة</translation>
    </message>
    <message>
        <source>Last bundle merged (UTC)</source>
        <translation>آخر حزمة مدموجة (بالتوقيت العالمي)</translation>
    </message>
    <message>
        <source>Revisions</source>
        <translation>المراجعات</translation>
    </message>
    <message>
        <source>{n} (far ahead)</source>
        <translation>{n} (متقدّمة كثيرًا)</translation>
    </message>
    <message>
        <source>{name} (this device)</source>
        <translation>{name} (هذا الجهاز)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>نعم</translation>
    </message>
    <message>
        <source>no</source>
        <translation>لا</translation>
    </message>
    <message numerus="yes">
        <source>{n} exported</source>
        <translation>
            <numerusform>لم يُصدَّر شيء</numerusform>
            <numerusform>صُدّرت حزمة واحدة</numerusform>
            <numerusform>صُدّرت حزمتان</numerusform>
            <numerusform>صُدّرت {n} حزم</numerusform>
            <numerusform>صُدّرت {n} حزمة</numerusform>
            <numerusform>صُدّرت {n} حزمة</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message>
        <source>Copy</source>
        <translation>نسخ</translation>
    </message>
    <message>
        <source>Create sealing key…</source>
        <translation>إنشاء مفتاح التشفير…</translation>
    </message>
    <message>
        <source>Export my certificate…</source>
        <translation>تصدير شهادتي…</translation>
    </message>
    <message>
        <source>Export age identity…</source>
        <translation>تصدير هوية age…</translation>
    </message>
    <message>
        <source>The key that opens bundles sealed to you, for the age tool</source>
        <translation>المفتاح الذي يفتح الحزم المشفّرة إليك، لأداة age</translation>
    </message>
    <message>
        <source>Sealing recipient (give it to field workers):</source>
        <translation>مفتاح التشفير العام (أعطه للعاملين الميدانيين):</translation>
    </message>
    <message>
        <source>Trust a device&apos;s certificate…</source>
        <translation>الوثوق بشهادة جهاز…</translation>
    </message>
    <message>
        <source>Stop trusting the selected key</source>
        <translation>إيقاف الوثوق بالمفتاح المحدد</translation>
    </message>
    <message>
        <source>This device: {name} ({org}) · key fingerprint {fp}</source>
        <translation>هذا الجهاز: {name} ({org}) · بصمة المفتاح {fp}</translation>
    </message>
    <message>
        <source>not created yet</source>
        <translation>لم يُنشأ بعد</translation>
    </message>
    <message numerus="yes">
        <source>Bundle(s) {missing} from {name} have not arrived; ask for them.</source>
        <translation>
            <numerusform>لم تصل حزم {missing} من {name}؛ اطلبها.</numerusform>
            <numerusform>لم تصل الحزمة {missing} من {name}؛ اطلبها.</numerusform>
            <numerusform>لم تصل الحزمتان {missing} من {name}؛ اطلبهما.</numerusform>
            <numerusform>لم تصل الحزم {missing} من {name}؛ اطلبها.</numerusform>
            <numerusform>لم تصل الحزم {missing} من {name}؛ اطلبها.</numerusform>
            <numerusform>لم تصل الحزم {missing} من {name}؛ اطلبها.</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} earlier bundles from {name} have not arrived (far ahead).</source>
        <translation>لم تصل {n} من الحزم السابقة من {name} (متقدّمة كثيرًا).</translation>
    </message>
    <message>
        <source>Create the sealing key</source>
        <translation>إنشاء مفتاح التشفير</translation>
    </message>
    <message>
        <source>Sealing key</source>
        <translation>مفتاح التشفير</translation>
    </message>
    <message>
        <source>A device&apos;s certificate</source>
        <translation>شهادة جهاز</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt)</source>
        <translation>الشهادات (*.pem *.crt)</translation>
    </message>
    <message>
        <source>Save my certificate</source>
        <translation>حفظ شهادتي</translation>
    </message>
    <message>
        <source>Certificates (*.pem)</source>
        <translation>الشهادات (*.pem)</translation>
    </message>
    <message>
        <source>Trust a device</source>
        <translation>الوثوق بجهاز</translation>
    </message>
    <message>
        <source>{name} ({org}) is trusted. Check that its fingerprint
{fp}
matches what that device shows.</source>
        <translation>أصبح {name} ({org}) موثوقاً. تحقّق من أن بصمته
{fp}
تطابق ما يعرضه ذلك الجهاز.</translation>
    </message>
    <message>
        <source>Stop trusting a key</source>
        <translation>إيقاف الوثوق بمفتاح</translation>
    </message>
    <message>
        <source>Bundles signed by {name} will be refused until you trust it again.</source>
        <translation>ستُرفض الحزم الموقّعة من {name} إلى أن تثق به مجدداً.</translation>
    </message>
    <message>
        <source>Stop trusting</source>
        <translation>إيقاف الوثوق</translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>المكان</translation>
    </message>
    <message>
        <source>Sent by</source>
        <translation>أرسله</translation>
    </message>
    <message>
        <source>Other date</source>
        <translation>التاريخ الآخر</translation>
    </message>
    <message>
        <source>Other place</source>
        <translation>المكان الآخر</translation>
    </message>
    <message>
        <source>Other sent by</source>
        <translation>أرسل الآخر</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>المسافة</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} كم</translation>
    </message>
    <message>
        <source>identical</source>
        <translation>متطابقان</translation>
    </message>
    <message>
        <source>same place name</source>
        <translation>اسم المكان نفسه</translation>
    </message>
    <message>
        <source>nearby</source>
        <translation>قريب</translation>
    </message>
    <message>
        <source>Record {id}</source>
        <translation>السجل {id}</translation>
    </message>
    <message>
        <source>sent by {who}</source>
        <translation>أرسله {who}</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>الحوادث</translation>
    </message>
    <message>
        <source>Displacement reports</source>
        <translation>تقارير النزوح</translation>
    </message>
    <message>
        <source> km</source>
        <translation> كم</translation>
    </message>
    <message>
        <source> day(s)</source>
        <translation> يوم</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>ابحث مجدداً</translation>
    </message>
    <message>
        <source>All at once:</source>
        <translation>دفعة واحدة:</translation>
    </message>
    <message numerus="yes">
        <source>{n} pair(s) of records are equal in every field. Each copy will be merged into the other record and deleted; both histories are kept, and the merges travel with the next bundle.</source>
        <translation>
            <numerusform>لا توجد أزواج سجلات متطابقة في كل الحقول.</numerusform>
            <numerusform>زوج واحد من السجلات متطابق في كل الحقول. ستُدمج النسخة في السجل الآخر ثم تُحذف؛ يُحتفظ بالسجلّين التاريخيين، وينتقل الدمج مع الحزمة التالية.</numerusform>
            <numerusform>زوجان من السجلات متطابقان في كل الحقول. ستُدمج كل نسخة في السجل الآخر ثم تُحذف؛ يُحتفظ بالسجلّين التاريخيين، وتنتقل عمليات الدمج مع الحزمة التالية.</numerusform>
            <numerusform>{n} أزواج من السجلات متطابقة في كل الحقول. ستُدمج كل نسخة في السجل الآخر ثم تُحذف؛ يُحتفظ بالسجلّين التاريخيين، وتنتقل عمليات الدمج مع الحزمة التالية.</numerusform>
            <numerusform>{n} زوجاً من السجلات متطابقة في كل الحقول. ستُدمج كل نسخة في السجل الآخر ثم تُحذف؛ يُحتفظ بالسجلّين التاريخيين، وتنتقل عمليات الدمج مع الحزمة التالية.</numerusform>
            <numerusform>{n} زوج من السجلات متطابقة في كل الحقول. ستُدمج كل نسخة في السجل الآخر ثم تُحذف؛ يُحتفظ بالسجلّين التاريخيين، وتنتقل عمليات الدمج مع الحزمة التالية.</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge all</source>
        <translation>دمج الكل</translation>
    </message>
    <message numerus="yes">
        <source>Merged {n} exact duplicate pair(s).</source>
        <translation>
            <numerusform>لم يُدمج أي زوج مكرر متطابق.</numerusform>
            <numerusform>دُمج زوج مكرر متطابق واحد.</numerusform>
            <numerusform>دُمج زوجان مكرران متطابقان.</numerusform>
            <numerusform>دُمجت {n} أزواج مكررة متطابقة.</numerusform>
            <numerusform>دُمج {n} زوجاً مكرراً متطابقاً.</numerusform>
            <numerusform>دُمج {n} زوج مكرر متطابق.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} pair(s) left for you (changed since the search, or in conflict).</source>
        <translation>
            <numerusform>لم يبقَ لك أي زوج.</numerusform>
            <numerusform>بقي لك زوج واحد (تغيّر منذ البحث، أو فيه تعارض).</numerusform>
            <numerusform>بقي لك زوجان (تغيّرا منذ البحث، أو فيهما تعارض).</numerusform>
            <numerusform>بقيت لك {n} أزواج (تغيّرت منذ البحث، أو فيها تعارض).</numerusform>
            <numerusform>بقي لك {n} زوجاً (تغيّرت منذ البحث، أو فيها تعارض).</numerusform>
            <numerusform>بقي لك {n} زوج (تغيّرت منذ البحث، أو فيها تعارض).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All {n} pair(s) shown will be recorded as different events and not listed again.</source>
        <translation>
            <numerusform>لا توجد أزواج معروضة.</numerusform>
            <numerusform>سيُسجَّل الزوج المعروض حدثين مختلفين ولن يُعرض مجدداً.</numerusform>
            <numerusform>سيُسجَّل الزوجان المعروضان أحداثاً مختلفة ولن يُعرضا مجدداً.</numerusform>
            <numerusform>ستُسجَّل الأزواج المعروضة كلها ({n}) أحداثاً مختلفة ولن تُعرض مجدداً.</numerusform>
            <numerusform>ستُسجَّل الأزواج المعروضة كلها ({n}) أحداثاً مختلفة ولن تُعرض مجدداً.</numerusform>
            <numerusform>ستُسجَّل الأزواج المعروضة كلها ({n}) أحداثاً مختلفة ولن تُعرض مجدداً.</numerusform>
        </translation>
    </message>
    <message>
        <source>Mark as distinct</source>
        <translation>تسجيلها مختلفة</translation>
    </message>
    <message numerus="yes">
        <source>Marked {n} pair(s) as different events.</source>
        <translation>
            <numerusform>لم يُسجَّل أي زوج حدثين مختلفين.</numerusform>
            <numerusform>سُجّل زوج واحد حدثين مختلفين.</numerusform>
            <numerusform>سُجّل زوجان أحداثاً مختلفة.</numerusform>
            <numerusform>سُجّلت {n} أزواج أحداثاً مختلفة.</numerusform>
            <numerusform>سُجّل {n} زوجاً أحداثاً مختلفة.</numerusform>
            <numerusform>سُجّل {n} زوج أحداثاً مختلفة.</numerusform>
        </translation>
    </message>
    <message>
        <source>Records:</source>
        <translation>السجلات:</translation>
    </message>
    <message>
        <source>Within:</source>
        <translation>ضمن مسافة:</translation>
    </message>
    <message>
        <source>Dates apart:</source>
        <translation>فارق التاريخ:</translation>
    </message>
    <message>
        <source>Different events</source>
        <translation>حدثان مختلفان</translation>
    </message>
    <message>
        <source>Same event, keep both</source>
        <translation>الحدث نفسه، أبقِ السجلين</translation>
    </message>
    <message>
        <source>Merge into the first</source>
        <translation>الدمج في الأول</translation>
    </message>
    <message>
        <source>Merge into the second</source>
        <translation>الدمج في الثاني</translation>
    </message>
    <message>
        <source>Merge all exact duplicates</source>
        <translation>دمج كل المكررات المتطابقة</translation>
    </message>
    <message>
        <source>Mark all shown as distinct</source>
        <translation>تسجيل كل المعروض مختلفاً</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>جارٍ البحث…</translation>
    </message>
    <message>
        <source>Looking for duplicates</source>
        <translation>البحث عن السجلات المكررة</translation>
    </message>
    <message>
        <source>Search cancelled; “Search again” starts it over.</source>
        <translation>أُلغي البحث؛ «ابحث مجدداً» يبدؤه من جديد.</translation>
    </message>
    <message>
        <source>No possible duplicates.</source>
        <translation>لا توجد سجلات مكررة محتملة.</translation>
    </message>
    <message numerus="yes">
        <source>{n} possible duplicate pair(s).</source>
        <translation>
            <numerusform>لا توجد أزواج مكررة محتملة.</numerusform>
            <numerusform>زوج واحد مكرر محتمل.</numerusform>
            <numerusform>زوجان مكرران محتملان.</numerusform>
            <numerusform>{n} أزواج مكررة محتملة.</numerusform>
            <numerusform>{n} زوجاً مكرراً محتملاً.</numerusform>
            <numerusform>{n} زوج مكرر محتمل.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} of them exact (every field equal).</source>
        <translation>
            <numerusform>لا يوجد بينها متطابق.</numerusform>
            <numerusform>واحد منها متطابق (كل الحقول متساوية).</numerusform>
            <numerusform>اثنان منها متطابقان (كل الحقول متساوية).</numerusform>
            <numerusform>{n} منها متطابقة (كل الحقول متساوية).</numerusform>
            <numerusform>{n} منها متطابقة (كل الحقول متساوية).</numerusform>
            <numerusform>{n} منها متطابقة (كل الحقول متساوية).</numerusform>
        </translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>سجلات مكررة محتملة</translation>
    </message>
    <message>
        <source>Merge duplicates</source>
        <translation>دمج السجلات المكررة</translation>
    </message>
    <message>
        <source>Record {other} will be merged into {keep} and then deleted. Both histories are kept, and the merge travels with the next bundle.</source>
        <translation>سيُدمج السجل {other} في السجل {keep} ثم يُحذف. يبقى سجل تعديلات كليهما محفوظاً، وينتقل الدمج مع الحزمة التالية.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>دمج</translation>
    </message>
    <message>
        <source>Possible &amp;duplicates</source>
        <translation>سجلات &amp;مكررة محتملة</translation>
    </message>
</context>
<context>
    <name>EncryptOffer</name>
    <message>
        <source>&amp;Encrypt database…</source>
        <translation>&amp;تشفير قاعدة البيانات…</translation>
    </message>
    <message>
        <source>⚠ Not encrypted: encrypt…</source>
        <translation>⚠ غير مشفّرة: شفّرها…</translation>
    </message>
    <message>
        <source>Anyone holding this laptop can read this database with ordinary tools. Encrypt it so that it opens only with the passphrase of this device&apos;s key.</source>
        <translation>يستطيع أي شخص يحمل هذا الحاسوب أن يقرأ قاعدة البيانات هذه بأدوات عادية. شفّرها كي لا تُفتح إلا بعبارة المرور لمفتاح هذا الجهاز.</translation>
    </message>
    <message>
        <source>&amp;Update the database&apos;s encryption…</source>
        <translation>&amp;تحديث تشفير قاعدة البيانات…</translation>
    </message>
    <message>
        <source>Older encryption format: update…</source>
        <translation>صيغة تشفير أقدم: تحديث…</translation>
    </message>
    <message>
        <source>This database is encrypted in an earlier format of fieldapp&apos;s. It is safe as it is; updating it makes it faster to read and write, under the same passphrase.</source>
        <translation>قاعدة البيانات هذه مشفرة بصيغة سابقة من صيغ fieldapp. وهي آمنة كما هي؛ وتحديثها يجعل القراءة منها والكتابة فيها أسرع، بعبارة المرور نفسها.</translation>
    </message>
    <message>
        <source>Update the database&apos;s encryption</source>
        <translation>تحديث تشفير قاعدة البيانات</translation>
    </message>
    <message>
        <source>Encrypt the database</source>
        <translation>تشفير قاعدة البيانات</translation>
    </message>
    <message>
        <source>{file} is now in the current encrypted format (same passphrase).</source>
        <translation>أصبح {file} الآن بصيغة التشفير الحالية (بعبارة المرور نفسها).</translation>
    </message>
    <message>
        <source>{file} is encrypted: it opens only with your passphrase from now on.</source>
        <translation>تم تشفير {file}: لن تُفتح من الآن فصاعدًا إلا بعبارة المرور الخاصة بك.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export a signed bundle</source>
        <translation>تصدير حزمة موقّعة</translation>
    </message>
    <message numerus="yes">
        <source>Changes since the last bundle ({n} revisions)</source>
        <translation>
            <numerusform>التغييرات منذ آخر حزمة (لا مراجعات)</numerusform>
            <numerusform>التغييرات منذ آخر حزمة (مراجعة واحدة)</numerusform>
            <numerusform>التغييرات منذ آخر حزمة (مراجعتان)</numerusform>
            <numerusform>التغييرات منذ آخر حزمة ({n} مراجعات)</numerusform>
            <numerusform>التغييرات منذ آخر حزمة ({n} مراجعة)</numerusform>
            <numerusform>التغييرات منذ آخر حزمة ({n} مراجعة)</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything in this database (a full bundle)</source>
        <translation>كل ما في قاعدة البيانات هذه (حزمة كاملة)</translation>
    </message>
    <message>
        <source>Seal it to a coordinator&apos;s key (only they can open it)</source>
        <translation>تشفيرها بمفتاح المنسّق (لا يفتحها أحد سواه)</translation>
    </message>
    <message>
        <source>age1… (from the coordinator)</source>
        <translation>‏age1… (من المنسّق)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>to sign the bundle</source>
        <translation>لتوقيع الحزمة</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>التصدير:</translation>
    </message>
    <message>
        <source>Recipient:</source>
        <translation>المستلم:</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>الحفظ باسم:</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>عبارة المرور:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>Bundle #{seq}, signed by {name} ({org}). Give it to your coordinator on a USB stick or through a messaging app.</source>
        <translation>الحزمة رقم {seq}، موقّعة من {name} ({org}). سلّمها إلى منسّقك على ذاكرة USB أو عبر تطبيق مراسلة.</translation>
    </message>
    <message>
        <source>Sealed bundles (*.age)</source>
        <translation>الحزم المشفّرة (*.age)</translation>
    </message>
    <message>
        <source>Save the bundle as</source>
        <translation>حفظ الحزمة باسم</translation>
    </message>
    <message>
        <source>Bundles (*.zip)</source>
        <translation>الحزم (*.zip)</translation>
    </message>
    <message>
        <source>Choose where to save the bundle.</source>
        <translation>اختر مكان حفظ الحزمة.</translation>
    </message>
    <message>
        <source>Type the passphrase of this device&apos;s key.</source>
        <translation>اكتب عبارة المرور لمفتاح هذا الجهاز.</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>جارٍ التصدير</translation>
    </message>
    <message>
        <source>Nothing changed since the last bundle. Choose “Everything” to export all.</source>
        <translation>لم يتغير شيء منذ آخر حزمة. اختر «كل ما في قاعدة البيانات» لتصدير كل شيء.</translation>
    </message>
    <message numerus="yes">
        <source>Wrote {path}: bundle #{seq}, {n} revisions, {size} bytes.</source>
        <translation>
            <numerusform>كُتب {path}: الحزمة رقم {seq}، دون مراجعات، {size} بايت.</numerusform>
            <numerusform>كُتب {path}: الحزمة رقم {seq}، مراجعة واحدة، {size} بايت.</numerusform>
            <numerusform>كُتب {path}: الحزمة رقم {seq}، مراجعتان، {size} بايت.</numerusform>
            <numerusform>كُتب {path}: الحزمة رقم {seq}، {n} مراجعات، {size} بايت.</numerusform>
            <numerusform>كُتب {path}: الحزمة رقم {seq}، {n} مراجعة، {size} بايت.</numerusform>
            <numerusform>كُتب {path}: الحزمة رقم {seq}، {n} مراجعة، {size} بايت.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sealed to {recipient}.</source>
        <translation>مشفّرة للمستلم {recipient}.</translation>
    </message>
    <message>
        <source>Bundle exported</source>
        <translation>صُدّرت الحزمة</translation>
    </message>
</context>
<context>
    <name>ExportTableDialog</name>
    <message>
        <source>Export table</source>
        <translation>تصدير الجدول</translation>
    </message>
    <message>
        <source>Spreadsheet (XLSX)</source>
        <translation>جدول بيانات (XLSX)</translation>
    </message>
    <message>
        <source>CSV for spreadsheets</source>
        <translation>ملف CSV لبرامج الجداول</translation>
    </message>
    <message>
        <source>HXL-tagged CSV</source>
        <translation>ملف CSV موسوم بوسوم HXL</translation>
    </message>
    <message>
        <source>ACLED-shaped CSV (incidents)</source>
        <translation>ملف CSV بأعمدة ACLED (الحوادث)</translation>
    </message>
    <message>
        <source>GeoJSON (map layers)</source>
        <translation>طبقات خريطة (GeoJSON)</translation>
    </message>
    <message>
        <source>GeoPackage (map layers)</source>
        <translation>طبقات خريطة (GeoPackage)</translation>
    </message>
    <message>
        <source>Add the HXL hashtag row under the header</source>
        <translation>إضافة صف وسوم HXL تحت صف العناوين</translation>
    </message>
    <message>
        <source>Incidents and displacement reports</source>
        <translation>الحوادث وتقارير النزوح</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>الحوادث</translation>
    </message>
    <message>
        <source>Displacement reports</source>
        <translation>تقارير النزوح</translation>
    </message>
    <message>
        <source>Those the table shows (its current filter)</source>
        <translation>ما يعرضه الجدول (بتصفيته الحالية)</translation>
    </message>
    <message>
        <source>Every record (no filter)</source>
        <translation>كل السجلات (دون تصفية)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>اختر…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;تصدير</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>ال&amp;صيغة</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>ال&amp;سجلات</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>Incidents: {n}</source>
        <translation>الحوادث: {n}</translation>
    </message>
    <message>
        <source>Displacement reports: {n}</source>
        <translation>تقارير النزوح: {n}</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>التصدير إلى</translation>
    </message>
    <message>
        <source>{name} files (*{suffix})</source>
        <translation>ملفات {name} (*{suffix})</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>اختر الملف المراد كتابته.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <source>Exporting the table</source>
        <translation>جارٍ تصدير الجدول</translation>
    </message>
    <message>
        <source>Wrote {count} records to:
{files}</source>
        <translation>كُتبت السجلات ({count}) في:
{files}</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>صُدِّر إلى {path}</translation>
    </message>
    <message>
        <source>Nothing was exported: {reason}</source>
        <translation>لم يُصدَّر شيء: {reason}</translation>
    </message>
    <message>
        <source>Export &amp;table…</source>
        <translation>تصدير ال&amp;جدول…</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>fieldapp databases (*.db *.sqlite);;All files (*)</source>
        <translation>قواعد بيانات fieldapp ‏(*.db *.sqlite);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>&amp;New database…</source>
        <translation>قاعدة بيانات &amp;جديدة…</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>&amp;فتح قاعدة بيانات…</translation>
    </message>
    <message>
        <source>&amp;Recent databases</source>
        <translation>قواعد البيانات الأ&amp;خيرة</translation>
    </message>
    <message>
        <source>&amp;Back up…</source>
        <translation>&amp;نسخ احتياطي…</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>ا&amp;ستعادة من نسخة احتياطية…</translation>
    </message>
    <message>
        <source>{file} (not found)</source>
        <translation>{file} (غير موجود)</translation>
    </message>
    <message>
        <source>No other databases opened yet</source>
        <translation>لم تُفتح قواعد بيانات أخرى بعد</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>قاعدة بيانات جديدة</translation>
    </message>
    <message>
        <source>{file} already exists. To work in it, use File → Open database…; nothing was changed.</source>
        <translation>{file} موجود أصلاً. للعمل فيه استخدم ملف ← فتح قاعدة بيانات…؛ لم يتغير شيء.</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>فتح قاعدة بيانات</translation>
    </message>
    <message>
        <source>That database is already open.</source>
        <translation>قاعدة البيانات هذه مفتوحة أصلاً.</translation>
    </message>
    <message>
        <source>{file} cannot be used:</source>
        <translation>لا يمكن استخدام {file}:</translation>
    </message>
    <message>
        <source>Back up the database</source>
        <translation>نسخ قاعدة البيانات احتياطياً</translation>
    </message>
    <message>
        <source>Backed up to {file}</source>
        <translation>حُفظت النسخة الاحتياطية في {file}</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>جارٍ النسخ الاحتياطي</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>الاستعادة من نسخة احتياطية</translation>
    </message>
    <message>
        <source>Replace everything in {db} with the backup {file}?

The current database is first saved as a copy beside it, so nothing is lost.</source>
        <translation>استبدال كل ما في {db} بالنسخة الاحتياطية {file}؟

تُحفظ قاعدة البيانات الحالية أولاً في نسخة بجانبها، فلا يضيع شيء.</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>استبدال</translation>
    </message>
    <message>
        <source> The previous database is kept in {file}.</source>
        <translation> قاعدة البيانات السابقة محفوظة في {file}.</translation>
    </message>
    <message>
        <source> It now opens with the passphrase the backup had.</source>
        <translation> أصبحت تُفتح الآن بعبارة المرور التي كانت للنسخة الاحتياطية.</translation>
    </message>
    <message>
        <source>Restored from {file}.</source>
        <translation>استُعيدت من {file}.</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>جارٍ الاستعادة</translation>
    </message>
    <message>
        <source>{file} was made under another passphrase (before it was changed). Its passphrase:</source>
        <translation>أُنشئت {file} بعبارة مرور أخرى (قبل تغييرها). عبارة مرورها:</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose the file</source>
        <translation>اختيار الملف</translation>
    </message>
    <message>
        <source>A CSV or Excel (.xlsx) file: an ACLED export, a KoboToolbox or ODK export, a sheet with HXL hashtags, or your own columns. Type its path, choose it, or drop it here.</source>
        <translation>ملف CSV، أو ملف Excel بصيغة xlsx: تصدير من ACLED، أو تصدير من KoboToolbox أو ODK، أو جدول فيه وسوم HXL، أو أعمدة من إعدادك. اكتب مساره، أو اختره، أو أفلته هنا.</translation>
    </message>
    <message>
        <source>the file&apos;s full path</source>
        <translation>المسار الكامل للملف</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>اختيار ملف…</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>الورقة:</translation>
    </message>
    <message>
        <source>Choose the file to import</source>
        <translation>اختيار الملف المراد استيراده</translation>
    </message>
    <message>
        <source>Spreadsheets (*.csv *.xlsx);;All files (*)</source>
        <translation>جداول بيانات (*.csv *.xlsx);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>There is no file at {path}. Check the path, or choose the file.</source>
        <translation>لا يوجد ملف في {path}. تحقق من المسار، أو اختر الملف.</translation>
    </message>
    <message>
        <source>Reading {file}</source>
        <translation>قراءة {file}</translation>
    </message>
    <message>
        <source>Reading the file was cancelled.</source>
        <translation>أُلغيت قراءة الملف.</translation>
    </message>
    <message>
        <source>Import data</source>
        <translation>استيراد بيانات</translation>
    </message>
    <message numerus="yes">
        <source>{rows} rows and {columns} columns.</source>
        <translation>
            <numerusform>عدد الصفوف: {rows}، عدد الأعمدة: {columns}.</numerusform>
            <numerusform>عدد الصفوف: {rows}، عدد الأعمدة: {columns}.</numerusform>
            <numerusform>عدد الصفوف: {rows}، عدد الأعمدة: {columns}.</numerusform>
            <numerusform>عدد الصفوف: {rows}، عدد الأعمدة: {columns}.</numerusform>
            <numerusform>عدد الصفوف: {rows}، عدد الأعمدة: {columns}.</numerusform>
            <numerusform>عدد الصفوف: {rows}، عدد الأعمدة: {columns}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This workbook has {n} sheets; the sheet read is {sheet}. Choose another one above if the records are there.</source>
        <translation>
            <numerusform>عدد أوراق هذا المصنف: {n}؛ الورقة المقروءة هي {sheet}. اختر ورقة أخرى أعلاه إن كانت السجلات فيها.</numerusform>
            <numerusform>عدد أوراق هذا المصنف: {n}؛ الورقة المقروءة هي {sheet}. اختر ورقة أخرى أعلاه إن كانت السجلات فيها.</numerusform>
            <numerusform>في هذا المصنف ورقتان؛ الورقة المقروءة هي {sheet}. اختر الأخرى أعلاه إن كانت السجلات فيها.</numerusform>
            <numerusform>عدد أوراق هذا المصنف: {n}؛ الورقة المقروءة هي {sheet}. اختر ورقة أخرى أعلاه إن كانت السجلات فيها.</numerusform>
            <numerusform>عدد أوراق هذا المصنف: {n}؛ الورقة المقروءة هي {sheet}. اختر ورقة أخرى أعلاه إن كانت السجلات فيها.</numerusform>
            <numerusform>عدد أوراق هذا المصنف: {n}؛ الورقة المقروءة هي {sheet}. اختر ورقة أخرى أعلاه إن كانت السجلات فيها.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>سنة-شهر-يوم</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>من تاريخ</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>إلى تاريخ</translation>
    </message>
    <message>
        <source>Governorate</source>
        <translation>المحافظة</translation>
    </message>
    <message>
        <source>Choose a governorate, or type its name or P-code</source>
        <translation>اختر محافظة، أو اكتب اسمها أو رمز P الخاص بها</translation>
    </message>
    <message>
        <source>All governorates</source>
        <translation>كل المحافظات</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>كل المناطق</translation>
    </message>
    <message>
        <source>District</source>
        <translation>المنطقة</translation>
    </message>
    <message>
        <source>Choose a district, or type its name or P-code</source>
        <translation>اختر منطقة، أو اكتب اسمها أو رمز P الخاص بها</translation>
    </message>
    <message>
        <source>Search places, notes, sources, actors…</source>
        <translation>ابحث في الأماكن والملاحظات والمصادر والأطراف…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>بحث</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>مسح التصفية</translation>
    </message>
    <message>
        <source>From</source>
        <translation>من</translation>
    </message>
    <message>
        <source>to</source>
        <translation>إلى</translation>
    </message>
    <message>
        <source>&amp;Area</source>
        <translation>ال&amp;منطقة</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to fieldapp</source>
        <translation>مرحباً بك في fieldapp</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>اللغة:</translation>
    </message>
    <message>
        <source>Set up this device</source>
        <translation>إعداد هذا الجهاز</translation>
    </message>
    <message>
        <source>The passphrase encrypts the database and protects this device&apos;s signing key: without it nobody can read what you record, even with the laptop in their hands. You will need it to open fieldapp, export bundles and sign reports. Nobody can recover it for you: write it down somewhere safe.</source>
        <translation>عبارة المرور تشفّر قاعدة البيانات وتحمي مفتاح التوقيع لهذا الجهاز: من دونها لا يستطيع أحد قراءة ما تسجّله، حتى لو كان الحاسوب بين يديه. ستحتاجها لفتح fieldapp وتصدير الحزم وتوقيع التقارير. لا يستطيع أحد استعادتها لك: اكتبها في مكان آمن.</translation>
    </message>
    <message>
        <source>The passphrase protects this device&apos;s signing key. You will need it to export bundles and sign reports. Nobody can recover it for you: write it down somewhere safe.</source>
        <translation>عبارة المرور تحمي مفتاح التوقيع لهذا الجهاز. ستحتاجها لتصدير الحزم وتوقيع التقارير. لا يستطيع أحد استعادتها لك: اكتبها في مكان آمن.</translation>
    </message>
    <message>
        <source>Before you record anything, tell fieldapp who is recording. Your name and organisation are shown on the bundles and reports you sign.</source>
        <translation>قبل أن تسجّل أي شيء، أخبر fieldapp مَن يسجّل. يظهر اسمك ومنظمتك على الحزم والتقارير التي توقّعها.</translation>
    </message>
    <message>
        <source>your name or your team&apos;s, e.g. Amal</source>
        <translation>اسمك أو اسم فريقك، مثل: أمل</translation>
    </message>
    <message>
        <source>e.g. Idlib Response Network</source>
        <translation>مثل: شبكة الاستجابة في إدلب</translation>
    </message>
    <message>
        <source>at least {n} characters</source>
        <translation>{n} أحرف على الأقل</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>المنظمة</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>عبارة المرور</translation>
    </message>
    <message>
        <source>Repeat passphrase</source>
        <translation>أعد كتابة عبارة المرور</translation>
    </message>
    <message>
        <source>Create device</source>
        <translation>إنشاء الجهاز</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>Creating the device key…</source>
        <translation>جارٍ إنشاء مفتاح الجهاز…</translation>
    </message>
    <message>
        <source>Give a name: yours or your team&apos;s.</source>
        <translation>اكتب اسماً: اسمك أو اسم فريقك.</translation>
    </message>
    <message>
        <source>Give your organisation.</source>
        <translation>اكتب اسم منظمتك.</translation>
    </message>
    <message>
        <source>The passphrase must be at least {n} characters.</source>
        <translation>يجب ألا تقل عبارة المرور عن {n} أحرف.</translation>
    </message>
    <message>
        <source>The two passphrases differ; type it again.</source>
        <translation>العبارتان غير متطابقتين؛ اكتبها مرة أخرى.</translation>
    </message>
    <message>
        <source>Creating the device key</source>
        <translation>إنشاء مفتاح الجهاز</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Time (UTC)</source>
        <translation>الوقت (بالتوقيت العالمي)</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>الوقت المحلي</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>المُعِدّ</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>التغيير</translation>
    </message>
    <message>
        <source>Fields changed</source>
        <translation>الحقول المعدّلة</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>حُذف</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>أُنشئ</translation>
    </message>
    <message>
        <source>Resolved a conflict (versions: {n})</source>
        <translation>حُلّ تعارض (عدد النسخ: {n})</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>استُعيد</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>عُدّل</translation>
    </message>
    <message>
        <source>{change} (current)</source>
        <translation>{change} (الحالية)</translation>
    </message>
    <message>
        <source>Revision {id} · device sequence #{seq}</source>
        <translation>المراجعة {id} · تسلسل الجهاز رقم {seq}</translation>
    </message>
    <message>
        <source>Signed by {author}: the signature checks against their key.</source>
        <translation>موقّعة من {author}: التوقيع يطابق مفتاحه.</translation>
    </message>
    <message>
        <source>The signature does NOT check: this revision was changed after {author} wrote it.</source>
        <translation>التوقيع لا يطابق: غُيّرت هذه المراجعة بعد أن كتبها {author}.</translation>
    </message>
    <message>
        <source>Signed, but this database holds no key of {author} to check it.</source>
        <translation>موقّعة، لكن قاعدة البيانات هذه لا تحمل مفتاحًا لـ {author} للتحقق منها.</translation>
    </message>
    <message>
        <source>Not signed: written before fieldapp signed revisions (or not yet exported).</source>
        <translation>غير موقّعة: كُتبت قبل أن يوقّع fieldapp المراجعات (أو لم تُصدَّر بعد).</translation>
    </message>
    <message>
        <source>{action} on {time} UTC ({local} local time) by {author}</source>
        <translation>{action} في {time} بالتوقيت العالمي ({local} بالتوقيت المحلي)، بواسطة {author}</translation>
    </message>
    <message>
        <source>This record is deleted. Select the version to bring back and click Restore this version.</source>
        <translation>هذا السجل محذوف. اختر النسخة التي تريد إرجاعها ثم انقر «استعادة هذه النسخة».</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>استعادة</translation>
    </message>
    <message>
        <source>The record already has these values; nothing changed.</source>
        <translation>للسجل هذه القيم نفسها؛ لم يتغير شيء.</translation>
    </message>
    <message>
        <source>Restored: the record is back with its last values before deletion.</source>
        <translation>استُعيد: عاد السجل بآخر قيمه قبل الحذف.</translation>
    </message>
    <message>
        <source>Restored: a new revision holds the values of {time} UTC.</source>
        <translation>استُعيد: مراجعة جديدة تحمل قيم {time} بالتوقيت العالمي.</translation>
    </message>
    <message>
        <source>Bring these values back as a new revision; the history is kept.</source>
        <translation>إرجاع هذه القيم في مراجعة جديدة؛ يبقى سجل التعديلات كما هو.</translation>
    </message>
    <message>
        <source>This is the current version.</source>
        <translation>هذه هي النسخة الحالية.</translation>
    </message>
    <message>
        <source>A deletion holds no values to bring back.</source>
        <translation>الحذف لا يحمل قيماً لإرجاعها.</translation>
    </message>
    <message>
        <source>Revision {id}</source>
        <translation>المراجعة {id}</translation>
    </message>
    <message>
        <source>The record was deleted; its last values were:</source>
        <translation>حُذف السجل؛ وكانت آخر قيمه:</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>بلا تغيير</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>استعادة هذه النسخة</translation>
    </message>
    <message>
        <source>History of the incident: {place}, {date}</source>
        <translation>سجل تعديلات الحادثة: {place}، {date}</translation>
    </message>
    <message>
        <source>History of the displacement report: {place}, {date}</source>
        <translation>سجل تعديلات تقرير النزوح: {place}، {date}</translation>
    </message>
    <message>
        <source>1 revision of record {id}</source>
        <translation>مراجعة واحدة للسجل {id}</translation>
    </message>
    <message numerus="yes">
        <source>{n} revisions of record {id}</source>
        <translation>
            <numerusform>لا مراجعات للسجل {id}</numerusform>
            <numerusform>مراجعة واحدة للسجل {id}</numerusform>
            <numerusform>مراجعتان للسجل {id}</numerusform>
            <numerusform>{n} مراجعات للسجل {id}</numerusform>
            <numerusform>{n} مراجعة للسجل {id}</numerusform>
            <numerusform>{n} مراجعة للسجل {id}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} competing current versions (conflict)</source>
        <translation>
            <numerusform>لا نسخ حالية متنافسة</numerusform>
            <numerusform>نسخة حالية واحدة</numerusform>
            <numerusform>نسختان حاليتان متنافستان (تعارض)</numerusform>
            <numerusform>{n} نسخ حالية متنافسة (تعارض)</numerusform>
            <numerusform>{n} نسخة حالية متنافسة (تعارض)</numerusform>
            <numerusform>{n} نسخة حالية متنافسة (تعارض)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import bundles</source>
        <translation>استيراد الحزم</translation>
    </message>
    <message>
        <source>Choose bundles…</source>
        <translation>اختيار الحزم…</translation>
    </message>
    <message>
        <source>needed only for sealed bundles</source>
        <translation>مطلوبة للحزم المشفّرة فقط</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>فحص</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>دمج</translation>
    </message>
    <message>
        <source>Choose one or more bundles. Each is checked (signature, every file, every value) before anything is merged. Accept a key you do not know yet only after comparing its fingerprint with the one the sender&apos;s fieldapp shows.</source>
        <translation>اختر حزمة أو أكثر. تُفحص كل حزمة (التوقيع، وكل ملف، وكل قيمة) قبل دمج أي شيء. لا تقبل مفتاحاً لا تعرفه إلا بعد مطابقة بصمته مع البصمة التي يعرضها fieldapp لدى المرسل.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>عبارة المرور:</translation>
    </message>
    <message>
        <source>Choose bundles</source>
        <translation>اختيار الحزم</translation>
    </message>
    <message>
        <source>Bundles (*.zip *.age);;All files (*)</source>
        <translation>الحزم (*.zip *.age);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Wait for the running check or merge to finish.</source>
        <translation>انتظر انتهاء التحقق أو الدمج الجاري.</translation>
    </message>
    <message>
        <source>A bundle is sealed: type this device&apos;s passphrase to open it.</source>
        <translation>إحدى الحزم مشفّرة: اكتب عبارة مرور هذا الجهاز لفتحها.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>جارٍ الفحص…</translation>
    </message>
    <message>
        <source>Checking bundles</source>
        <translation>فحص الحزم</translation>
    </message>
    <message numerus="yes">
        <source>{valid} of {total} bundles are intact.</source>
        <translation>
            <numerusform>{valid} من {total} حزمة سليمة.</numerusform>
            <numerusform>{valid} من حزمة واحدة سليمة.</numerusform>
            <numerusform>{valid} من حزمتين سليمة.</numerusform>
            <numerusform>{valid} من {total} حزم سليمة.</numerusform>
            <numerusform>{valid} من {total} حزمة سليمة.</numerusform>
            <numerusform>{valid} من {total} حزمة سليمة.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} signed by a key this database does not trust: tick “Accept this key” only if its fingerprint matches the sender&apos;s.</source>
        <translation>
            <numerusform>لا حزم موقّعة بمفتاح غير موثوق.</numerusform>
            <numerusform>حزمة واحدة موقّعة بمفتاح لا تثق به قاعدة البيانات هذه: اختر «قبول هذا المفتاح» فقط إذا طابقت بصمته بصمة المرسل.</numerusform>
            <numerusform>حزمتان موقّعتان بمفتاح لا تثق به قاعدة البيانات هذه: اختر «قبول هذا المفتاح» فقط إذا طابقت بصمته بصمة المرسل.</numerusform>
            <numerusform>{n} حزم موقّعة بمفتاح لا تثق به قاعدة البيانات هذه: اختر «قبول هذا المفتاح» فقط إذا طابقت بصمته بصمة المرسل.</numerusform>
            <numerusform>{n} حزمة موقّعة بمفتاح لا تثق به قاعدة البيانات هذه: اختر «قبول هذا المفتاح» فقط إذا طابقت بصمته بصمة المرسل.</numerusform>
            <numerusform>{n} حزمة موقّعة بمفتاح لا تثق به قاعدة البيانات هذه: اختر «قبول هذا المفتاح» فقط إذا طابقت بصمته بصمة المرسل.</numerusform>
        </translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>جارٍ الدمج…</translation>
    </message>
    <message>
        <source>Merging bundles</source>
        <translation>دمج الحزم</translation>
    </message>
    <message numerus="yes">
        <source>{n} bundle(s) merged.</source>
        <translation>
            <numerusform>لم تُدمج أي حزمة.</numerusform>
            <numerusform>دُمجت حزمة واحدة.</numerusform>
            <numerusform>دُمجت حزمتان.</numerusform>
            <numerusform>دُمجت {n} حزم.</numerusform>
            <numerusform>دُمجت {n} حزمة.</numerusform>
            <numerusform>دُمجت {n} حزمة.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} record(s) now have competing versions: see the Conflicts view.</source>
        <translation>
            <numerusform>لا سجلات ذات نسخ متنافسة.</numerusform>
            <numerusform>أصبح لسجل واحد نسخ متنافسة: راجع صفحة التعارضات.</numerusform>
            <numerusform>أصبح لسجلين نسخ متنافسة: راجع صفحة التعارضات.</numerusform>
            <numerusform>أصبح لـ{n} سجلات نسخ متنافسة: راجع صفحة التعارضات.</numerusform>
            <numerusform>أصبح لـ{n} سجلاً نسخ متنافسة: راجع صفحة التعارضات.</numerusform>
            <numerusform>أصبح لـ{n} سجل نسخ متنافسة: راجع صفحة التعارضات.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportModel</name>
    <message>
        <source>Bundle</source>
        <translation>الحزمة</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>الموقّع</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>بصمة المفتاح</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>الثقة</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>المحتوى</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>النتيجة</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>مرفوضة</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>موثوق</translation>
    </message>
    <message>
        <source>Accept this key</source>
        <translation>قبول هذا المفتاح</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>مقبول</translation>
    </message>
    <message>
        <source>full</source>
        <translation>كاملة</translation>
    </message>
    <message>
        <source>changes</source>
        <translation>تغييرات</translation>
    </message>
    <message>
        <source>, sealed</source>
        <translation>، مشفّرة</translation>
    </message>
    <message numerus="yes">
        <source>#{seq} ({kind}{sealed}): {n} revisions</source>
        <translation>
            <numerusform>رقم {seq} ({kind}{sealed}): دون مراجعات</numerusform>
            <numerusform>رقم {seq} ({kind}{sealed}): مراجعة واحدة</numerusform>
            <numerusform>رقم {seq} ({kind}{sealed}): مراجعتان</numerusform>
            <numerusform>رقم {seq} ({kind}{sealed}): {n} مراجعات</numerusform>
            <numerusform>رقم {seq} ({kind}{sealed}): {n} مراجعة</numerusform>
            <numerusform>رقم {seq} ({kind}{sealed}): {n} مراجعة</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>مرفوضة: {reason}</translation>
    </message>
    <message>
        <source>Not merged: {reason}</source>
        <translation>لم تُدمج: {reason}</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>لم تُفحص بعد</translation>
    </message>
    <message>
        <source>Valid; already merged here</source>
        <translation>سليمة؛ سبق دمجها هنا</translation>
    </message>
    <message>
        <source>Valid; waiting for you to accept the signer&apos;s key</source>
        <translation>سليمة؛ بانتظار قبولك مفتاح الموقّع</translation>
    </message>
    <message>
        <source>Valid; ready to merge</source>
        <translation>سليمة؛ جاهزة للدمج</translation>
    </message>
    <message>
        <source>Already merged before; nothing changed</source>
        <translation>دُمجت من قبل؛ لم يتغير شيء</translation>
    </message>
    <message>
        <source>Merged: {new} new, {updated} updated, {deleted} deleted, {conflicts} conflicts, {skipped} already here</source>
        <translation>دُمجت: جديدة {new}، محدَّثة {updated}، محذوفة {deleted}، تعارضات {conflicts}، موجودة سابقاً {skipped}</translation>
    </message>
    <message>
        <source>— bundle(s) {missing} from this device are missing</source>
        <translation>— حزم هذا الجهاز {missing} ناقصة</translation>
    </message>
    <message>
        <source>— far ahead: {count} earlier bundles from this device are missing</source>
        <translation>— متقدّمة كثيرًا: {count} من حزم هذا الجهاز السابقة ناقصة</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Row</source>
        <translation>الصف</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>المكان</translation>
    </message>
    <message>
        <source>What</source>
        <translation>التفاصيل</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>المشكلات</translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>سجلات مكررة محتملة</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <source>already imported</source>
        <translation>مستورد من قبل</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>غير صالح</translation>
    </message>
    <message>
        <source>ACLED export recognised</source>
        <translation>تم التعرف على تصدير من ACLED</translation>
    </message>
    <message>
        <source>KoboToolbox export recognised</source>
        <translation>تم التعرف على تصدير من KoboToolbox</translation>
    </message>
    <message>
        <source>HXL hashtags recognised</source>
        <translation>تم التعرف على وسوم HXL</translation>
    </message>
    <message>
        <source>fieldapp export recognised</source>
        <translation>تم التعرف على تصدير من fieldapp</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>الحوادث</translation>
    </message>
    <message>
        <source>Displacement reports</source>
        <translation>تقارير النزوح</translation>
    </message>
    <message>
        <source>Import data</source>
        <translation>استيراد بيانات</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>ال&amp;سابق</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>ال&amp;تالي</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>إ&amp;نهاء</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>&amp;Import data…</source>
        <translation>استيراد &amp;بيانات…</translation>
    </message>
    <message>
        <source>Records from a CSV or Excel file: ACLED, KoboToolbox, HXL, your own</source>
        <translation>سجلات من ملف CSV أو Excel: من ACLED، أو KoboToolbox، أو بوسوم HXL، أو بأعمدتك الخاصة</translation>
    </message>
</context>
<context>
    <name>LoadCodDialog</name>
    <message>
        <source>Load COD-AB</source>
        <translation>تحميل COD-AB</translation>
    </message>
    <message>
        <source>optional: GeoJSON of the units&apos; boundaries</source>
        <translation>اختياري: ملف GeoJSON لحدود الوحدات</translation>
    </message>
    <message>
        <source>&amp;Boundaries…</source>
        <translation>ال&amp;حدود…</translation>
    </message>
    <message>
        <source>as the file names it</source>
        <translation>كما يسمّيه الملف</translation>
    </message>
    <message>
        <source>COD-AB file</source>
        <translation>ملف COD-AB</translation>
    </message>
    <message>
        <source>Boundaries</source>
        <translation>الحدود</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;تحميل</translation>
    </message>
    <message>
        <source>Choose the boundaries</source>
        <translation>اختر ملف الحدود</translation>
    </message>
    <message>
        <source>GeoJSON (*.geojson *.json);;All files (*)</source>
        <translation>ملفات GeoJSON ‏(*.geojson *.json);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Loading the COD-AB…</source>
        <translation>جارٍ تحميل COD-AB…</translation>
    </message>
    <message>
        <source>admin {level}: {n}</source>
        <translation>المستوى الإداري {level}: {n}</translation>
    </message>
    <message>
        <source>Loaded {title} (valid on {date}).</source>
        <translation>حُمّل {title} (ساري بتاريخ {date}).</translation>
    </message>
    <message>
        <source>Units: {levels}. Units of earlier editions replaced: {n}.</source>
        <translation>الوحدات: {levels}. الوحدات المستبدلة من إصدارات سابقة: {n}.</translation>
    </message>
    <message>
        <source>Your records completed: {n}.</source>
        <translation>سجلاتك المكتملة: {n}.</translation>
    </message>
    <message>
        <source>Boundaries matched: {n}; matching no unit: {m}.</source>
        <translation>حدود طابقت وحدات: {n}؛ لم تطابق أي وحدة: {m}.</translation>
    </message>
    <message>
        <source>Rows of the file left out: {n}</source>
        <translation>صفوف الملف المستبعدة: {n}</translation>
    </message>
</context>
<context>
    <name>Lock</name>
    <message>
        <source>fieldapp is locked</source>
        <translation>تمّ قفل fieldapp</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>عبارة المرور:</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>فتح القفل</translation>
    </message>
    <message>
        <source>Type the passphrase.</source>
        <translation>اكتب عبارة المرور.</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>جارٍ التحقق من عبارة المرور…</translation>
    </message>
    <message>
        <source>Checking the passphrase</source>
        <translation>التحقق من عبارة المرور</translation>
    </message>
    <message>
        <source>Wrong passphrase. Try again.</source>
        <translation>عبارة المرور خاطئة. حاول مرة أخرى.</translation>
    </message>
    <message>
        <source>Encrypt the database first (fieldapp encrypt): a plain one cannot be locked</source>
        <translation>شفّر قاعدة البيانات أولاً (fieldapp encrypt): لا يمكن قفل قاعدة بيانات غير مشفّرة</translation>
    </message>
    <message>
        <source>Cannot lock while a task is running: wait for it to finish.</source>
        <translation>لا يمكن القفل أثناء تشغيل مهمة: انتظر حتى تنتهي.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>fieldapp — {file}</source>
        <translation>‏fieldapp — {file}</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>الحوادث</translation>
    </message>
    <message>
        <source>Displacement</source>
        <translation>النزوح</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>ال&amp;سجلات</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>المزا&amp;منة</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <source>R&amp;eports</source>
        <translation>ال&amp;تقارير</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <source>New &amp;incident…</source>
        <translation>حادثة &amp;جديدة…</translation>
    </message>
    <message>
        <source>Record a new incident</source>
        <translation>تسجيل حادثة جديدة</translation>
    </message>
    <message>
        <source>New &amp;displacement report…</source>
        <translation>تقرير &amp;نزوح جديد…</translation>
    </message>
    <message>
        <source>Record a new displacement count</source>
        <translation>تسجيل عدد جديد من النازحين</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;تعديل…</translation>
    </message>
    <message>
        <source>Edit the selected record (or press Enter / double-click)</source>
        <translation>تعديل السجل المحدد (أو اضغط Enter أو انقر نقراً مزدوجاً)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;حذف…</translation>
    </message>
    <message>
        <source>Delete the selected records (their history is kept)</source>
        <translation>حذف السجلات المحددة (يبقى سجل تعديلاتها محفوظاً)</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>سجل الت&amp;عديلات…</translation>
    </message>
    <message>
        <source>Every revision of the selected record: who changed what, when</source>
        <translation>كل مراجعات السجل المحدد: من غيّر ماذا، ومتى</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;بحث…</translation>
    </message>
    <message>
        <source>&amp;Clear filter</source>
        <translation>م&amp;سح التصفية</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>ت&amp;حديث</translation>
    </message>
    <message>
        <source>Load &amp;demo data</source>
        <translation>تحميل بيانات ت&amp;جريبية</translation>
    </message>
    <message>
        <source>Sample records from north-west Syria, for trying fieldapp out</source>
        <translation>سجلات نموذجية من شمال غرب سوريا، لتجربة fieldapp</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>&amp;قفل الآن</translation>
    </message>
    <message>
        <source>Hide every record and forget the key until the passphrase is typed</source>
        <translation>إخفاء كل السجلات ونسيان المفتاح حتى تُكتب عبارة المرور</translation>
    </message>
    <message>
        <source>Change &amp;passphrase…</source>
        <translation>تغيير &amp;عبارة المرور…</translation>
    </message>
    <message>
        <source>Put the database and this device&apos;s keys under a new passphrase</source>
        <translation>ضع قاعدة البيانات ومفاتيح هذا الجهاز تحت عبارة مرور جديدة</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>اختصارات لو&amp;حة المفاتيح</translation>
    </message>
    <message>
        <source>&amp;About fieldapp</source>
        <translation>&amp;حول fieldapp</translation>
    </message>
    <message>
        <source>Show &amp;toolbar</source>
        <translation>إظهار &amp;شريط الأدوات</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>شريط الأدوات الرئيسي</translation>
    </message>
    <message>
        <source>New incident</source>
        <translation>حادثة جديدة</translation>
    </message>
    <message>
        <source>New displacement</source>
        <translation>نزوح جديد</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>تعديل</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>History</source>
        <translation>التعديلات</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>بيانات تجريبية</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>ال&amp;لغة</translation>
    </message>
    <message>
        <source>Save or cancel the open form first.</source>
        <translation>احفظ الاستمارة المفتوحة أو ألغها أولاً.</translation>
    </message>
    <message>
        <source>Wait for the running task to finish first.</source>
        <translation>انتظر حتى تنتهي المهمة الجارية أولاً.</translation>
    </message>
    <message>
        <source>Reloaded from {file} at {time}</source>
        <translation>أُعيدت قراءة {file} الساعة {time}</translation>
    </message>
    <message>
        <source>Edit record</source>
        <translation>تعديل سجل</translation>
    </message>
    <message>
        <source>Saved new record: {place}, {date}</source>
        <translation>حُفظ سجل جديد: {place}، {date}</translation>
    </message>
    <message>
        <source>Saved changes: {place}, {date}</source>
        <translation>حُفظت التعديلات: {place}، {date}</translation>
    </message>
    <message>
        <source>(not shown: outside the filter or further down the list)</source>
        <translation>(غير ظاهر: خارج التصفية أو في أسفل القائمة)</translation>
    </message>
    <message>
        <source>Delete the incident at {place} on {date}?</source>
        <translation>هل تريد حذف الحادثة في {place} بتاريخ {date}؟</translation>
    </message>
    <message>
        <source>Delete the displacement report at {place} on {date}?</source>
        <translation>هل تريد حذف تقرير النزوح في {place} بتاريخ {date}؟</translation>
    </message>
    <message numerus="yes">
        <source>Delete {n} records?</source>
        <translation>
            <numerusform>لا توجد سجلات للحذف</numerusform>
            <numerusform>هل تريد حذف سجل واحد؟</numerusform>
            <numerusform>هل تريد حذف سجلين؟</numerusform>
            <numerusform>هل تريد حذف {n} سجلات؟</numerusform>
            <numerusform>هل تريد حذف {n} سجلاً؟</numerusform>
            <numerusform>هل تريد حذف {n} سجل؟</numerusform>
        </translation>
    </message>
    <message>
        <source>The history is kept, and the deletion travels with your next bundle so other devices delete it too.</source>
        <translation>يبقى سجل التعديلات محفوظاً، وينتقل الحذف مع حزمتك التالية لتحذفه الأجهزة الأخرى أيضاً.</translation>
    </message>
    <message>
        <source>Deleted 1 record</source>
        <translation>حُذف سجل واحد</translation>
    </message>
    <message numerus="yes">
        <source>Deleted {n} records</source>
        <translation>
            <numerusform>لم يُحذف أي سجل</numerusform>
            <numerusform>حُذف سجل واحد</numerusform>
            <numerusform>حُذف سجلان</numerusform>
            <numerusform>حُذفت {n} سجلات</numerusform>
            <numerusform>حُذف {n} سجلاً</numerusform>
            <numerusform>حُذف {n} سجل</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>The open form has unsaved changes. Quit without saving them?</source>
        <translation>في الاستمارة المفتوحة تعديلات غير محفوظة. هل تريد الخروج دون حفظها؟</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>تحميل بيانات تجريبية</translation>
    </message>
    <message>
        <source>The demo data goes only into an empty database; this one has records.</source>
        <translation>تُحمَّل البيانات التجريبية في قاعدة بيانات فارغة فقط؛ وهذه تحتوي على سجلات.</translation>
    </message>
    <message numerus="yes">
        <source>{n} incidents</source>
        <translation>
            <numerusform>لا توجد حوادث</numerusform>
            <numerusform>حادثة واحدة</numerusform>
            <numerusform>حادثتان</numerusform>
            <numerusform>{n} حوادث</numerusform>
            <numerusform>{n} حادثة</numerusform>
            <numerusform>{n} حادثة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} displacement reports</source>
        <translation>
            <numerusform>لا توجد تقارير نزوح</numerusform>
            <numerusform>تقرير نزوح واحد</numerusform>
            <numerusform>تقريرا نزوح</numerusform>
            <numerusform>{n} تقارير نزوح</numerusform>
            <numerusform>{n} تقرير نزوح</numerusform>
            <numerusform>{n} تقرير نزوح</numerusform>
        </translation>
    </message>
    <message>
        <source>Loaded {incidents} and {reports}</source>
        <translation>حُمّلت {incidents} و{reports}</translation>
    </message>
    <message>
        <source>Loading demo data</source>
        <translation>تحميل البيانات التجريبية</translation>
    </message>
    <message>
        <source>New displacement report</source>
        <translation>تقرير نزوح جديد</translation>
    </message>
    <message>
        <source>Edit the selected record</source>
        <translation>تعديل السجل المحدد</translation>
    </message>
    <message>
        <source>Enter, double-click or F2</source>
        <translation>‏Enter، أو نقر مزدوج، أو F2</translation>
    </message>
    <message>
        <source>Delete the selected records</source>
        <translation>حذف السجلات المحددة</translation>
    </message>
    <message>
        <source>History of the selected record</source>
        <translation>سجل تعديلات السجل المحدد</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>بحث</translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation>مسح التصفية</translation>
    </message>
    <message>
        <source>Switch view</source>
        <translation>التنقل بين الصفحات</translation>
    </message>
    <message>
        <source>In a form: next / previous field</source>
        <translation>في الاستمارة: الحقل التالي / السابق</translation>
    </message>
    <message>
        <source>In a form: save</source>
        <translation>في الاستمارة: حفظ</translation>
    </message>
    <message>
        <source>Enter (Ctrl+Enter in the notes)</source>
        <translation>‏Enter (أو Ctrl+Enter في الملاحظات)</translation>
    </message>
    <message>
        <source>In a form: cancel</source>
        <translation>في الاستمارة: إلغاء</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <source>About fieldapp</source>
        <translation>حول fieldapp</translation>
    </message>
    <message>
        <source>fieldapp {version}
Offline recording of incidents and displacement.

Database: {path}
Device key: {fp}</source>
        <translation>‏fieldapp {version}
تسجيل الحوادث والنزوح دون اتصال بالإنترنت.

قاعدة البيانات: {path}
مفتاح الجهاز: {fp}</translation>
    </message>
    <message>
        <source>No device identity</source>
        <translation>لا توجد هوية للجهاز</translation>
    </message>
    <message>
        <source>Key {fingerprint}</source>
        <translation>المفتاح {fingerprint}</translation>
    </message>
    <message>
        <source>Device key fingerprint:
{fingerprint}</source>
        <translation>بصمة مفتاح الجهاز:
{fingerprint}</translation>
    </message>
    <message>
        <source>All changes exported</source>
        <translation>صُدّرت كل التغييرات</translation>
    </message>
    <message>
        <source>1 change not exported</source>
        <translation>تغيير واحد لم يُصدَّر</translation>
    </message>
    <message numerus="yes">
        <source>{n} changes not exported</source>
        <translation>
            <numerusform>لا توجد تغييرات غير مصدّرة</numerusform>
            <numerusform>تغيير واحد لم يُصدَّر</numerusform>
            <numerusform>تغييران لم يُصدَّرا</numerusform>
            <numerusform>{n} تغييرات لم تُصدَّر</numerusform>
            <numerusform>{n} تغييراً لم يُصدَّر</numerusform>
            <numerusform>{n} تغيير لم يُصدَّر</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <source>Incidents</source>
        <translation>الحوادث</translation>
    </message>
    <message>
        <source>Displacement</source>
        <translation>النزوح</translation>
    </message>
    <message>
        <source>Governorates</source>
        <translation>المحافظات</translation>
    </message>
    <message>
        <source>Governorate names</source>
        <translation>أسماء المحافظات</translation>
    </message>
    <message>
        <source>Offline boundaries</source>
        <translation>الحدود (دون اتصال)</translation>
    </message>
    <message>
        <source>Tile archive</source>
        <translation>أرشيف البلاطات</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <source>Event type</source>
        <translation>نوع الحدث</translation>
    </message>
    <message>
        <source>Sub-event type</source>
        <translation>النوع الفرعي</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>القتلى</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>الجرحى</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>الاتجاه</translation>
    </message>
    <message>
        <source>Individuals</source>
        <translation>الأفراد</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>الأسر</translation>
    </message>
    <message>
        <source>Admin 1</source>
        <translation>المحافظة</translation>
    </message>
    <message>
        <source>Actor 1</source>
        <translation>الطرف الأول</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Open record</source>
        <translation>فتح السجل</translation>
    </message>
    <message>
        <source>(no location)</source>
        <translation>(دون مكان)</translation>
    </message>
    <message>
        <source>Circle area: people</source>
        <translation>مساحة الدائرة: عدد الأشخاص</translation>
    </message>
    <message>
        <source>Not on the map (no coordinates)</source>
        <translation>خارج الخريطة (دون إحداثيات)</translation>
    </message>
    <message>
        <source>Departed</source>
        <translation>مغادرة</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>وصول</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>موجودون</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>تكبير</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>تصغير</translation>
    </message>
    <message>
        <source>km</source>
        <translation>كم</translation>
    </message>
    <message>
        <source>m</source>
        <translation>م</translation>
    </message>
    <message>
        <source>Boundaries: Natural Earth (public domain)</source>
        <translation>الحدود: Natural Earth (ملكية عامة)</translation>
    </message>
    <message>
        <source>Places: GeoNames (CC BY 4.0)</source>
        <translation>الأماكن: GeoNames (CC BY 4.0)</translation>
    </message>
    <message>
        <source>Zoom to records</source>
        <translation>تكبير إلى السجلات</translation>
    </message>
    <message>
        <source>Town names</source>
        <translation>أسماء المدن والبلدات</translation>
    </message>
    <message>
        <source>and {n} more</source>
        <translation>و{n} غيرها</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>Find a place (English or Arabic)…</source>
        <translation>ابحث عن مكان (بالعربية أو الإنجليزية)…</translation>
    </message>
    <message>
        <source>Zoom to records</source>
        <translation>تكبير إلى السجلات</translation>
    </message>
    <message>
        <source>Fit the map to the records that match the filter</source>
        <translation>ملاءمة الخريطة للسجلات المطابقة للتصفية</translation>
    </message>
    <message>
        <source>Background:</source>
        <translation>الخلفية:</translation>
    </message>
    <message>
        <source>Open tile archive…</source>
        <translation>فتح أرشيف بلاطات…</translation>
    </message>
    <message>
        <source>Click the map to place a record (with its form open).</source>
        <translation>انقر على الخريطة لتحديد موقع سجل (والاستمارة مفتوحة).</translation>
    </message>
    <message>
        <source>The map shows the records that match the filter.</source>
        <translation>تعرض الخريطة السجلات المطابقة للتصفية.</translation>
    </message>
    <message>
        <source>The map will show the records once it has loaded.</source>
        <translation>ستعرض الخريطة السجلات عند اكتمال تحميلها.</translation>
    </message>
    <message>
        <source>{lat}, {lon}: no known place nearby</source>
        <translation>{lat}، {lon}: لا يوجد مكان معروف قريب</translation>
    </message>
    <message>
        <source>{lat}, {lon} — nearest place: {name} ({areas}), {km} km</source>
        <translation>{lat}، {lon} — أقرب مكان: {name} ({areas})، على بعد {km} كم</translation>
    </message>
    <message>
        <source>No place called “{text}” in the offline index</source>
        <translation>لا يوجد مكان باسم «{text}» في الفهرس المحلي</translation>
    </message>
    <message>
        <source>Offline boundaries</source>
        <translation>الحدود (دون اتصال)</translation>
    </message>
    <message>
        <source>Open tile archive</source>
        <translation>فتح أرشيف بلاطات</translation>
    </message>
    <message>
        <source>MBTiles tile archives (*.mbtiles);;All files (*)</source>
        <translation>أرشيفات بلاطات MBTiles (*.mbtiles);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Tile archive</source>
        <translation>أرشيف البلاطات</translation>
    </message>
    <message>
        <source>Tile archives need the map to be set up when fieldapp starts; restart fieldapp and open the archive again.</source>
        <translation>تحتاج أرشيفات البلاطات إلى تهيئة الخريطة عند بدء تشغيل fieldapp؛ أعد تشغيل البرنامج ثم افتح الأرشيف مرة أخرى.</translation>
    </message>
    <message>
        <source>Tile archive {name}: zoom {minz}–{maxz}, {count} tiles</source>
        <translation>أرشيف البلاطات {name}: مستويات التكبير {minz}–{maxz}، عدد البلاطات {count}</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>الخريطة</translation>
    </message>
    <message>
        <source>Open &amp;tile archive…</source>
        <translation>فتح أرشيف &amp;بلاطات…</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Match the columns to fieldapp&apos;s fields</source>
        <translation>مطابقة الأعمدة مع حقول fieldapp</translation>
    </message>
    <message>
        <source>The rows are:</source>
        <translation>الصفوف هي:</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>العمود في الملف</translation>
    </message>
    <message>
        <source>HXL hashtag</source>
        <translation>وسم HXL</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>القيم الأولى</translation>
    </message>
    <message>
        <source>fieldapp field</source>
        <translation>حقل fieldapp</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>تحميل</translation>
    </message>
    <message>
        <source>a name, e.g. the partner&apos;s weekly sheet</source>
        <translation>اسم، مثل: الجدول الأسبوعي للشريك</translation>
    </message>
    <message>
        <source>Save this mapping</source>
        <translation>حفظ هذه المطابقة</translation>
    </message>
    <message>
        <source>Saved mappings:</source>
        <translation>المطابقات المحفوظة:</translation>
    </message>
    <message>
        <source>Import data</source>
        <translation>استيراد بيانات</translation>
    </message>
    <message>
        <source>Its columns are read as that layout defines them: choose a field below only to add or replace one.</source>
        <translation>تُقرأ أعمدته كما يعرّفها ذلك التنسيق: لا تختر حقلًا أدناه إلا لإضافة عمود أو استبداله.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>لا شيء بعد</translation>
    </message>
    <message>
        <source>— ignore —</source>
        <translation>— تجاهل —</translation>
    </message>
    <message>
        <source>Two columns fill {field}: {columns}. Choose one of them.</source>
        <translation>عمودان يملآن الحقل {field}: {columns}. اختر واحدًا منهما.</translation>
    </message>
    <message>
        <source>No column fills {fields}: every row will be invalid without them.</source>
        <translation>لا يوجد عمود يملأ {fields}: سيكون كل صف غير صالح من دونها.</translation>
    </message>
    <message>
        <source>Save the mapping</source>
        <translation>حفظ المطابقة</translation>
    </message>
    <message>
        <source>Mapping saved as {name}.</source>
        <translation>حُفظت المطابقة باسم {name}.</translation>
    </message>
    <message>
        <source>Load a mapping</source>
        <translation>تحميل مطابقة</translation>
    </message>
    <message>
        <source>Mapping {name} loaded.</source>
        <translation>حُمّلت المطابقة {name}.</translation>
    </message>
</context>
<context>
    <name>Passphrase</name>
    <message>
        <source>Hide the passphrase</source>
        <translation>إخفاء عبارة المرور</translation>
    </message>
    <message>
        <source>Show the passphrase</source>
        <translation>إظهار عبارة المرور</translation>
    </message>
    <message>
        <source>at least {n} characters</source>
        <translation>{n} أحرف على الأقل</translation>
    </message>
    <message>
        <source>Passphrase of this device&apos;s key:</source>
        <translation>عبارة المرور لمفتاح هذا الجهاز:</translation>
    </message>
    <message>
        <source>The passphrase must be at least {n} characters.</source>
        <translation>يجب ألا تقل عبارة المرور عن {n} أحرف.</translation>
    </message>
    <message>
        <source>Type the passphrase.</source>
        <translation>اكتب عبارة المرور.</translation>
    </message>
    <message>
        <source>Checking the passphrase</source>
        <translation>التحقق من عبارة المرور</translation>
    </message>
    <message>
        <source>Wrong passphrase. Try again.</source>
        <translation>عبارة المرور خاطئة. حاول مرة أخرى.</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>جارٍ التحقق من عبارة المرور…</translation>
    </message>
</context>
<context>
    <name>PlacesMenu</name>
    <message>
        <source>COD-AB tables (*.xlsx *.csv *.zip);;All files (*)</source>
        <translation>جداول COD-AB (*.xlsx *.csv *.zip);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Valid on</source>
        <translation>ساري بتاريخ</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>حُمّل</translation>
    </message>
    <message>
        <source>Loaded by</source>
        <translation>حمّله</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>المستويات</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>الوحدات</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>استُبدل</translation>
    </message>
    <message>
        <source>Choose a COD-AB</source>
        <translation>اختر ملف COD-AB</translation>
    </message>
    <message>
        <source>Load &amp;COD-AB…</source>
        <translation>&amp;تحميل ⁦COD-AB⁩…</translation>
    </message>
    <message>
        <source>Check &amp;places…</source>
        <translation>&amp;فحص الأماكن…</translation>
    </message>
    <message>
        <source>Places re&amp;gister…</source>
        <translation>&amp;سجل الأماكن…</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Dry run: what the import would do</source>
        <translation>تجربة دون كتابة: ما سيفعله الاستيراد</translation>
    </message>
    <message>
        <source>Show only problems</source>
        <translation>إظهار المشكلات فقط</translation>
    </message>
    <message>
        <source>Run the dry run again</source>
        <translation>إعادة التجربة</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>جارٍ فحص كل صف…</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>تجربة دون كتابة</translation>
    </message>
    <message>
        <source>The dry run was cancelled; nothing was written. Run it again to go on.</source>
        <translation>أُلغيت التجربة؛ لم يُكتب شيء. أعد تشغيلها للمتابعة.</translation>
    </message>
    <message>
        <source>The dry run failed.</source>
        <translation>فشلت التجربة.</translation>
    </message>
    <message numerus="yes">
        <source>{total} rows: {new} new, {already} already imported, {invalid} invalid.</source>
        <translation>
            <numerusform>الصفوف: {total} — جديدة: {new}، مستوردة من قبل: {already}، غير صالحة: {invalid}.</numerusform>
            <numerusform>الصفوف: {total} — جديدة: {new}، مستوردة من قبل: {already}، غير صالحة: {invalid}.</numerusform>
            <numerusform>الصفوف: {total} — جديدة: {new}، مستوردة من قبل: {already}، غير صالحة: {invalid}.</numerusform>
            <numerusform>الصفوف: {total} — جديدة: {new}، مستوردة من قبل: {already}، غير صالحة: {invalid}.</numerusform>
            <numerusform>الصفوف: {total} — جديدة: {new}، مستوردة من قبل: {already}، غير صالحة: {invalid}.</numerusform>
            <numerusform>الصفوف: {total} — جديدة: {new}، مستوردة من قبل: {already}، غير صالحة: {invalid}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} rows may duplicate records already here (see Possible duplicates after the import).</source>
        <translation>
            <numerusform>صفوف قد تكرر سجلات موجودة هنا: {n} (راجع «سجلات مكررة محتملة» بعد الاستيراد).</numerusform>
            <numerusform>صف واحد قد يكرر سجلًا موجودًا هنا (راجع «سجلات مكررة محتملة» بعد الاستيراد).</numerusform>
            <numerusform>صفان قد يكرران سجلات موجودة هنا (راجع «سجلات مكررة محتملة» بعد الاستيراد).</numerusform>
            <numerusform>صفوف قد تكرر سجلات موجودة هنا: {n} (راجع «سجلات مكررة محتملة» بعد الاستيراد).</numerusform>
            <numerusform>صفوف قد تكرر سجلات موجودة هنا: {n} (راجع «سجلات مكررة محتملة» بعد الاستيراد).</numerusform>
            <numerusform>صفوف قد تكرر سجلات موجودة هنا: {n} (راجع «سجلات مكررة محتملة» بعد الاستيراد).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} من {total}</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>موافق</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>فتح</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>نعم</translation>
    </message>
    <message>
        <source>No</source>
        <translation>لا</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>تطبيق</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>تجاهل</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>إعادة تعيين</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>إعادة المحاولة</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>تجاهل</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>إيقاف</translation>
    </message>
    <message>
        <source>Don&apos;t Save</source>
        <translation>عدم الحفظ</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Event</source>
        <translation>الحدث</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>المكان</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>الأثر</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>التقرير</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>People</source>
        <translation>الأشخاص</translation>
    </message>
    <message>
        <source>District</source>
        <translation>المنطقة</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>الناحية</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>الإحداثيات</translation>
    </message>
    <message>
        <source>Individuals, households</source>
        <translation>الأفراد، الأسر</translation>
    </message>
    <message>
        <source>Came from</source>
        <translation>قدموا من</translation>
    </message>
    <message>
        <source>Went to</source>
        <translation>توجّهوا إلى</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>سنة-شهر-يوم</translation>
    </message>
    <message>
        <source>incident ids, separated by commas</source>
        <translation>معرّفات الحوادث، مفصولة بفواصل</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>خط العرض</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>خط الطول</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>أخرى</translation>
    </message>
    <message>
        <source>Decimal degrees, e.g. 35.4417 and 36.6481; a click on the map fills both</source>
        <translation>بالدرجات العشرية، مثل 35.4417 و36.6481؛ النقر على الخريطة يملأ الحقلين</translation>
    </message>
    <message>
        <source>Ctrl+Enter saves</source>
        <translation>‏Ctrl+Enter للحفظ</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>اختر…</translation>
    </message>
    <message>
        <source>That record was deleted meanwhile; it cannot be edited.</source>
        <translation>حُذف هذا السجل في أثناء ذلك؛ لا يمكن تعديله.</translation>
    </message>
    <message>
        <source>Edit incident</source>
        <translation>تعديل حادثة</translation>
    </message>
    <message>
        <source>New incident</source>
        <translation>حادثة جديدة</translation>
    </message>
    <message>
        <source>Edit displacement report</source>
        <translation>تعديل تقرير نزوح</translation>
    </message>
    <message>
        <source>New displacement report</source>
        <translation>تقرير نزوح جديد</translation>
    </message>
    <message>
        <source>Use this place</source>
        <translation>استخدم هذا المكان</translation>
    </message>
    <message>
        <source>Enter saves · Esc cancels · Tab moves to the next field</source>
        <translation>‏Enter للحفظ · Esc للإلغاء · Tab للانتقال إلى الحقل التالي</translation>
    </message>
    <message>
        <source>a click on the map fills the coordinates</source>
        <translation>النقر على الخريطة يملأ الإحداثيات</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>Filled from the place or governorate you choose; click to edit</source>
        <translation>يُملأ من المكان أو المحافظة التي تختارها؛ انقر لتعديله</translation>
    </message>
    <message>
        <source>P-code</source>
        <translation>رمز P</translation>
    </message>
    <message>
        <source>Governorate</source>
        <translation>المحافظة</translation>
    </message>
    <message numerus="yes">
        <source>This record has {n} competing versions from different devices (a conflict). The form shows the provisional winner; saving makes your version the current one for everybody.</source>
        <translation>
            <numerusform>لهذا السجل نسخ متنافسة من أجهزة مختلفة (تعارض). تعرض الاستمارة النسخة المرجّحة مؤقتاً؛ والحفظ يجعل نسختك هي المعتمدة لدى الجميع.</numerusform>
            <numerusform>لهذا السجل نسخة واحدة.</numerusform>
            <numerusform>لهذا السجل نسختان متنافستان من جهازين مختلفين (تعارض). تعرض الاستمارة النسخة المرجّحة مؤقتاً؛ والحفظ يجعل نسختك هي المعتمدة لدى الجميع.</numerusform>
            <numerusform>لهذا السجل {n} نسخ متنافسة من أجهزة مختلفة (تعارض). تعرض الاستمارة النسخة المرجّحة مؤقتاً؛ والحفظ يجعل نسختك هي المعتمدة لدى الجميع.</numerusform>
            <numerusform>لهذا السجل {n} نسخة متنافسة من أجهزة مختلفة (تعارض). تعرض الاستمارة النسخة المرجّحة مؤقتاً؛ والحفظ يجعل نسختك هي المعتمدة لدى الجميع.</numerusform>
            <numerusform>لهذا السجل {n} نسخة متنافسة من أجهزة مختلفة (تعارض). تعرض الاستمارة النسخة المرجّحة مؤقتاً؛ والحفظ يجعل نسختك هي المعتمدة لدى الجميع.</numerusform>
        </translation>
    </message>
    <message>
        <source>No sub-event type of {type} starts with “{typed}”</source>
        <translation>لا يبدأ أي نوع فرعي من {type} بـ «{typed}»</translation>
    </message>
    <message>
        <source>No choice starts with “{typed}”</source>
        <translation>لا يبدأ أي خيار بـ «{typed}»</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>مطلوب</translation>
    </message>
    <message>
        <source>Check: {message}</source>
        <translation>تحقّق: {message}</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>تجاهل التعديلات؟</translation>
    </message>
    <message>
        <source>You have typed something in this form. Close it without saving?</source>
        <translation>كتبت شيئاً في هذه الاستمارة. هل تريد إغلاقها دون حفظ؟</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>تجاهل</translation>
    </message>
    <message>
        <source>Nearest known place: {name}, {km} km ({areas})</source>
        <translation>أقرب مكان معروف: {name}، على بعد {km} كم ({areas})</translation>
    </message>
    <message>
        <source>Filled from the places register</source>
        <translation>مُلئ من سجل الأماكن</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>المكان</translation>
    </message>
    <message>
        <source>Governorate</source>
        <translation>المحافظة</translation>
    </message>
    <message>
        <source>District</source>
        <translation>المنطقة</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>القتلى</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>الجرحى</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>الأهداف</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>ملاحظات</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>الاتجاه</translation>
    </message>
    <message>
        <source>Individuals</source>
        <translation>الأفراد</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>الأسر</translation>
    </message>
    <message>
        <source>From</source>
        <translation>من</translation>
    </message>
    <message>
        <source>To</source>
        <translation>إلى</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>Conflict: devices recorded competing versions of this record. The table shows a provisional winner; open it to review.</source>
        <translation>تعارض: سجّلت أجهزة مختلفة نسخاً متنافسة من هذا السجل. يعرض الجدول النسخة المرجّحة مؤقتاً؛ افتحه للمراجعة.</translation>
    </message>
</context>
<context>
    <name>RecordsView</name>
    <message>
        <source>History…</source>
        <translation>سجل التعديلات…</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>استعادة</translation>
    </message>
    <message>
        <source>Bring the selected records back with their last values (a new revision)</source>
        <translation>إرجاع السجلات المحددة بآخر قيمها (مراجعة جديدة)</translation>
    </message>
    <message>
        <source>Show deleted</source>
        <translation>إظهار المحذوفة</translation>
    </message>
    <message>
        <source>List the deleted records, to see their history or restore them</source>
        <translation>عرض السجلات المحذوفة لمراجعة تعديلاتها أو استعادتها</translation>
    </message>
    <message>
        <source>Restored 1 record</source>
        <translation>استُعيد سجل واحد</translation>
    </message>
    <message numerus="yes">
        <source>Restored {n} records</source>
        <translation>
            <numerusform>لم يُستعد أي سجل</numerusform>
            <numerusform>استُعيد سجل واحد</numerusform>
            <numerusform>استُعيد سجلان</numerusform>
            <numerusform>استُعيدت {n} سجلات</numerusform>
            <numerusform>استُعيد {n} سجلاً</numerusform>
            <numerusform>استُعيد {n} سجل</numerusform>
        </translation>
    </message>
    <message>
        <source>(not shown: outside the filter or further down the list)</source>
        <translation>(غير ظاهر: خارج التصفية أو في أسفل القائمة)</translation>
    </message>
    <message numerus="yes">
        <source>{n} deleted incidents</source>
        <translation>
            <numerusform>لا توجد حوادث محذوفة</numerusform>
            <numerusform>حادثة محذوفة واحدة</numerusform>
            <numerusform>حادثتان محذوفتان</numerusform>
            <numerusform>{n} حوادث محذوفة</numerusform>
            <numerusform>{n} حادثة محذوفة</numerusform>
            <numerusform>{n} حادثة محذوفة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} deleted displacement reports</source>
        <translation>
            <numerusform>لا توجد تقارير نزوح محذوفة</numerusform>
            <numerusform>تقرير نزوح محذوف واحد</numerusform>
            <numerusform>تقريرا نزوح محذوفان</numerusform>
            <numerusform>{n} تقارير نزوح محذوفة</numerusform>
            <numerusform>{n} تقرير نزوح محذوفاً</numerusform>
            <numerusform>{n} تقرير نزوح محذوف</numerusform>
        </translation>
    </message>
    <message>
        <source>(within the filter)</source>
        <translation>(ضمن التصفية)</translation>
    </message>
    <message numerus="yes">
        <source>{n} incidents</source>
        <translation>
            <numerusform>لا توجد حوادث</numerusform>
            <numerusform>حادثة واحدة</numerusform>
            <numerusform>حادثتان</numerusform>
            <numerusform>{n} حوادث</numerusform>
            <numerusform>{n} حادثة</numerusform>
            <numerusform>{n} حادثة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} displacement reports</source>
        <translation>
            <numerusform>لا توجد تقارير نزوح</numerusform>
            <numerusform>تقرير نزوح واحد</numerusform>
            <numerusform>تقريرا نزوح</numerusform>
            <numerusform>{n} تقارير نزوح</numerusform>
            <numerusform>{n} تقرير نزوح</numerusform>
            <numerusform>{n} تقرير نزوح</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} of {total} incidents match the filter</source>
        <translation>
            <numerusform>{n} من {total} حادثة تطابق التصفية</numerusform>
            <numerusform>{n} من حادثة واحدة تطابق التصفية</numerusform>
            <numerusform>{n} من حادثتين تطابق التصفية</numerusform>
            <numerusform>{n} من {total} حوادث تطابق التصفية</numerusform>
            <numerusform>{n} من {total} حادثة تطابق التصفية</numerusform>
            <numerusform>{n} من {total} حادثة تطابق التصفية</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} of {total} displacement reports match the filter</source>
        <translation>
            <numerusform>{n} من {total} تقرير نزوح تطابق التصفية</numerusform>
            <numerusform>{n} من تقرير نزوح واحد يطابق التصفية</numerusform>
            <numerusform>{n} من تقريري نزوح تطابق التصفية</numerusform>
            <numerusform>{n} من {total} تقارير نزوح تطابق التصفية</numerusform>
            <numerusform>{n} من {total} تقرير نزوح تطابق التصفية</numerusform>
            <numerusform>{n} من {total} تقرير نزوح تطابق التصفية</numerusform>
        </translation>
    </message>
    <message>
        <source>Highlighted rows are conflicts between devices: open them to review</source>
        <translation>الصفوف المميّزة تعارضات بين الأجهزة: افتحها للمراجعة</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Places register</source>
        <translation>سجل الأماكن</translation>
    </message>
    <message>
        <source>shipped with fieldapp</source>
        <translation>مرفق مع fieldapp</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>قيد الاستعمال</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>All districts</source>
        <translation>كل المناطق</translation>
    </message>
    <message>
        <source>District</source>
        <translation>المنطقة</translation>
    </message>
    <message>
        <source>Report language</source>
        <translation>لغة التقرير</translation>
    </message>
    <message>
        <source>Sign with this device&apos;s key</source>
        <translation>التوقيع بمفتاح هذا الجهاز</translation>
    </message>
    <message>
        <source>Unsigned reports are drafts: every page is marked DRAFT.</source>
        <translation>التقارير غير الموقّعة مسودات: تُعلَّم كل صفحة بكلمة «مسودة».</translation>
    </message>
    <message>
        <source>Include the map</source>
        <translation>تضمين الخريطة</translation>
    </message>
    <message>
        <source>&amp;Generate report</source>
        <translation>إ&amp;عداد التقرير</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>&amp;حفظ باسم…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;طباعة…</translation>
    </message>
    <message>
        <source>Print pre&amp;view…</source>
        <translation>م&amp;عاينة الطباعة…</translation>
    </message>
    <message>
        <source>No report yet: choose the filter above, then Generate.</source>
        <translation>لا يوجد تقرير بعد: اختر التصفية في الأعلى، ثم اضغط «إعداد التقرير».</translation>
    </message>
    <message>
        <source>&amp;District</source>
        <translation>ال&amp;منطقة</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>ال&amp;لغة</translation>
    </message>
    <message>
        <source>Report on</source>
        <translation>التقرير عن</translation>
    </message>
    <message>
        <source>{start} to {end}</source>
        <translation>من {start} إلى {end}</translation>
    </message>
    <message>
        <source>the first record</source>
        <translation>أول سجل</translation>
    </message>
    <message>
        <source>the last record</source>
        <translation>آخر سجل</translation>
    </message>
    <message>
        <source>all dates</source>
        <translation>كل التواريخ</translation>
    </message>
    <message>
        <source>all governorates</source>
        <translation>كل المحافظات</translation>
    </message>
    <message>
        <source>matching “{text}”</source>
        <translation>مطابقة «{text}»</translation>
    </message>
    <message>
        <source>{incidents}, {displacements}</source>
        <translation>{incidents}، {displacements}</translation>
    </message>
    <message numerus="yes">
        <source>{n} incidents</source>
        <translation>
            <numerusform>لا توجد حوادث</numerusform>
            <numerusform>حادثة واحدة</numerusform>
            <numerusform>حادثتان</numerusform>
            <numerusform>{n} حوادث</numerusform>
            <numerusform>{n} حادثة</numerusform>
            <numerusform>{n} حادثة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} displacement reports</source>
        <translation>
            <numerusform>لا توجد تقارير نزوح</numerusform>
            <numerusform>تقرير نزوح واحد</numerusform>
            <numerusform>تقريرا نزوح</numerusform>
            <numerusform>{n} تقارير نزوح</numerusform>
            <numerusform>{n} تقرير نزوح</numerusform>
            <numerusform>{n} تقرير نزوح</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign the report</source>
        <translation>توقيع التقرير</translation>
    </message>
    <message>
        <source>Drawing the map…</source>
        <translation>جارٍ رسم الخريطة…</translation>
    </message>
    <message>
        <source>Building the report…</source>
        <translation>جارٍ إعداد التقرير…</translation>
    </message>
    <message>
        <source>Building the report</source>
        <translation>إعداد التقرير</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>التقرير</translation>
    </message>
    <message>
        <source>The report was built but cannot be shown.</source>
        <translation>أُعدّ التقرير لكن تعذّر عرضه.</translation>
    </message>
    <message>
        <source>signed by this device&apos;s key</source>
        <translation>موقّع بمفتاح هذا الجهاز</translation>
    </message>
    <message>
        <source>UNSIGNED DRAFT</source>
        <translation>مسودة غير موقّعة</translation>
    </message>
    <message>
        <source>{pages}, {counts}; {signed}. Built in {seconds} s.</source>
        <translation>{pages}، {counts}؛ {signed}. أُعدّ في {seconds} ث.</translation>
    </message>
    <message numerus="yes">
        <source>{n} pages</source>
        <translation>
            <numerusform>لا صفحات</numerusform>
            <numerusform>صفحة واحدة</numerusform>
            <numerusform>صفحتان</numerusform>
            <numerusform>{n} صفحات</numerusform>
            <numerusform>{n} صفحة</numerusform>
            <numerusform>{n} صفحة</numerusform>
        </translation>
    </message>
    <message>
        <source>No map: {why}.</source>
        <translation>دون خريطة: {why}.</translation>
    </message>
    <message>
        <source>Cancelled; no report was written.</source>
        <translation>أُلغي؛ لم يُكتب أي تقرير.</translation>
    </message>
    <message>
        <source>The report could not be built (see the error report).</source>
        <translation>تعذّر إعداد التقرير (راجع تقرير الخطأ).</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>حفظ التقرير</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>ملفات PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>حُفظ {path}.</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>جارٍ الطباعة…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>أُلغيت الطباعة.</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>طباعة</translation>
    </message>
    <message numerus="yes">
        <source>Sent {n} pages to the printer.</source>
        <translation>
            <numerusform>لم تُرسل أي صفحة إلى الطابعة.</numerusform>
            <numerusform>أُرسلت صفحة واحدة إلى الطابعة.</numerusform>
            <numerusform>أُرسلت صفحتان إلى الطابعة.</numerusform>
            <numerusform>أُرسلت {n} صفحات إلى الطابعة.</numerusform>
            <numerusform>أُرسلت {n} صفحة إلى الطابعة.</numerusform>
            <numerusform>أُرسلت {n} صفحة إلى الطابعة.</numerusform>
        </translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>معاينة الطباعة</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>التقارير</translation>
    </message>
    <message>
        <source>&amp;New report…</source>
        <translation>تقرير &amp;جديد…</translation>
    </message>
    <message>
        <source>Generate the report first (Generate report), then print it.</source>
        <translation>أعِدّ التقرير أولاً (إعداد التقرير)، ثم اطبعه.</translation>
    </message>
    <message>
        <source>&amp;Save report as…</source>
        <translation>&amp;حفظ التقرير باسم…</translation>
    </message>
    <message>
        <source>&amp;Print report…</source>
        <translation>&amp;طباعة التقرير…</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Import</source>
        <translation>الاستيراد</translation>
    </message>
    <message>
        <source>All or nothing: import only if every row is valid</source>
        <translation>الكل أو لا شيء: الاستيراد فقط إن كانت كل الصفوف صالحة</translation>
    </message>
    <message>
        <source>The valid rows, and a file of the rejected ones:</source>
        <translation>الصفوف الصالحة، وملف بالصفوف المرفوضة:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>New records: {new}. Imported before (nothing created): {already}. Invalid rows: {invalid}.</source>
        <translation>سجلات جديدة: {new}. مستوردة من قبل (لن يُنشأ لها شيء): {already}. صفوف غير صالحة: {invalid}.</translation>
    </message>
    <message>
        <source>With “All or nothing”, the invalid rows stop the whole import.</source>
        <translation>مع «الكل أو لا شيء» توقف الصفوفُ غير الصالحة الاستيرادَ كله.</translation>
    </message>
    <message>
        <source>Every record imported is an ordinary record made on this device: it can be edited, and it travels in your next bundle.</source>
        <translation>كل سجل مستورد سجل عادي أُنشئ على هذا الجهاز: يمكن تعديله، ويُرسل في حزمتك التالية.</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>مصنفات Excel ‏(*.xlsx)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>ملفات CSV ‏(*.csv)</translation>
    </message>
    <message>
        <source>Where to write the rejected rows</source>
        <translation>أين تُكتب الصفوف المرفوضة</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>جارٍ الاستيراد</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was written.</source>
        <translation>أُلغي الاستيراد؛ لم يُكتب شيء.</translation>
    </message>
</context>
<context>
    <name>ScopeWarningLine</name>
    <message>
        <source>Checking for conflicts and duplicates</source>
        <translation>البحث عن التعارضات والمكررات</translation>
    </message>
    <message numerus="yes">
        <source>{n} record(s) with unresolved conflicts</source>
        <translation>
            <numerusform>لا سجلات فيها تعارض لم يُحسم</numerusform>
            <numerusform>سجل واحد فيه تعارض لم يُحسم</numerusform>
            <numerusform>سجلان فيهما تعارض لم يُحسم</numerusform>
            <numerusform>{n} سجلات فيها تعارض لم يُحسم</numerusform>
            <numerusform>{n} سجلاً فيها تعارض لم يُحسم</numerusform>
            <numerusform>{n} سجل فيها تعارض لم يُحسم</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{n} possible duplicate pair(s) ({exact} exact, {likely} likely)</source>
        <translation>
            <numerusform>لا أزواج مكررة محتملة</numerusform>
            <numerusform>زوج واحد مكرر محتمل (متطابق: {exact}، مرجّح: {likely})</numerusform>
            <numerusform>زوجان مكرران محتملان (متطابقة: {exact}، مرجّحة: {likely})</numerusform>
            <numerusform>{n} أزواج مكررة محتملة (متطابقة: {exact}، مرجّحة: {likely})</numerusform>
            <numerusform>{n} زوجاً مكرراً محتملاً (متطابقة: {exact}، مرجّحة: {likely})</numerusform>
            <numerusform>{n} زوج مكرر محتمل (متطابقة: {exact}، مرجّحة: {likely})</numerusform>
        </translation>
    </message>
    <message>
        <source>{first} and {second}</source>
        <translation>{first} و{second}</translation>
    </message>
    <message>
        <source>Before you sign: {what} in this report&apos;s scope. The totals may count an event twice or a version that is not final. Resolve them under Sync, or go on: the report&apos;s first page will say so.</source>
        <translation>قبل أن توقّع: {what} ضمن نطاق هذا التقرير. قد تحسب المجاميع حدثاً مرتين أو نسخة غير نهائية. عالجها من قائمة المزامنة، أو تابع: ستذكر الصفحة الأولى من التقرير ذلك.</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <source>No incidents yet</source>
        <translation>لا حوادث بعد</translation>
    </message>
    <message>
        <source>No displacement reports yet</source>
        <translation>لا تقارير نزوح بعد</translation>
    </message>
    <message>
        <source>fieldapp records incidents and displacement counts offline, shows them on a map, and shares them as signed bundles and signed PDF reports.</source>
        <translation>يسجّل fieldapp الحوادث وأعداد النازحين دون اتصال بالإنترنت، ويعرضها على خريطة، ويشاركها في حزم موقّعة وتقارير PDF موقّعة.</translation>
    </message>
    <message>
        <source>Add a record</source>
        <translation>إضافة سجل</translation>
    </message>
    <message>
        <source>Load sample data</source>
        <translation>تحميل بيانات نموذجية</translation>
    </message>
    <message>
        <source>Sample records from north-west Syria, for trying fieldapp out</source>
        <translation>سجلات نموذجية من شمال غرب سوريا، لتجربة fieldapp</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Imported</source>
        <translation>تم الاستيراد</translation>
    </message>
    <message>
        <source>Show the possible duplicates</source>
        <translation>عرض السجلات المكررة المحتملة</translation>
    </message>
    <message numerus="yes">
        <source>{n} of the new records may duplicate records already here.</source>
        <translation>
            <numerusform>سجلات جديدة قد تكرر سجلات موجودة هنا: {n}.</numerusform>
            <numerusform>سجل جديد واحد قد يكرر سجلًا موجودًا هنا.</numerusform>
            <numerusform>سجلان جديدان قد يكرران سجلات موجودة هنا.</numerusform>
            <numerusform>سجلات جديدة قد تكرر سجلات موجودة هنا: {n}.</numerusform>
            <numerusform>سجلات جديدة قد تكرر سجلات موجودة هنا: {n}.</numerusform>
            <numerusform>سجلات جديدة قد تكرر سجلات موجودة هنا: {n}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{created} records created, {already} already imported, {rejected} rejected.</source>
        <translation>
            <numerusform>السجلات المنشأة: {created}، المستوردة من قبل: {already}، المرفوضة: {rejected}.</numerusform>
            <numerusform>السجلات المنشأة: {created}، المستوردة من قبل: {already}، المرفوضة: {rejected}.</numerusform>
            <numerusform>السجلات المنشأة: {created}، المستوردة من قبل: {already}، المرفوضة: {rejected}.</numerusform>
            <numerusform>السجلات المنشأة: {created}، المستوردة من قبل: {already}، المرفوضة: {rejected}.</numerusform>
            <numerusform>السجلات المنشأة: {created}، المستوردة من قبل: {already}، المرفوضة: {rejected}.</numerusform>
            <numerusform>السجلات المنشأة: {created}، المستوردة من قبل: {already}، المرفوضة: {rejected}.</numerusform>
        </translation>
    </message>
    <message>
        <source>The rejected rows are in {file}.</source>
        <translation>الصفوف المرفوضة في {file}.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Unlock the database</source>
        <translation>فتح قفل قاعدة البيانات</translation>
    </message>
    <message>
        <source>Passphrase of {name}:</source>
        <translation>عبارة مرور {name}:</translation>
    </message>
    <message>
        <source>fieldapp cannot start</source>
        <translation>تعذّر تشغيل fieldapp</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <source>Date precision</source>
        <translation>دقة التاريخ</translation>
    </message>
    <message>
        <source>Event type</source>
        <translation>نوع الحدث</translation>
    </message>
    <message>
        <source>Sub-event type</source>
        <translation>النوع الفرعي للحدث</translation>
    </message>
    <message>
        <source>Actor 1</source>
        <translation>الطرف الأول</translation>
    </message>
    <message>
        <source>Actor 2</source>
        <translation>الطرف الثاني</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>البلد</translation>
    </message>
    <message>
        <source>Admin 1 (governorate)</source>
        <translation>المحافظة (المستوى الإداري الأول)</translation>
    </message>
    <message>
        <source>Admin 1 P-code</source>
        <translation>رمز P للمحافظة</translation>
    </message>
    <message>
        <source>Admin 2 (district)</source>
        <translation>المنطقة (المستوى الإداري الثاني)</translation>
    </message>
    <message>
        <source>Admin 2 P-code</source>
        <translation>رمز P للمنطقة</translation>
    </message>
    <message>
        <source>Admin 3 (sub-district)</source>
        <translation>الناحية (المستوى الإداري الثالث)</translation>
    </message>
    <message>
        <source>Admin 3 P-code</source>
        <translation>رمز P للناحية</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>المكان</translation>
    </message>
    <message>
        <source>Location P-code</source>
        <translation>رمز P للموقع</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>خط العرض</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>خط الطول</translation>
    </message>
    <message>
        <source>Location precision</source>
        <translation>دقة الموقع</translation>
    </message>
    <message>
        <source>Killed</source>
        <translation>القتلى</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>الجرحى</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>الأهداف المتضررة</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>ملاحظات</translation>
    </message>
    <message>
        <source>Period end</source>
        <translation>نهاية الفترة</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>الاتجاه</translation>
    </message>
    <message>
        <source>Came from (place)</source>
        <translation>قدموا من (المكان)</translation>
    </message>
    <message>
        <source>Came from (place P-code)</source>
        <translation>قدموا من (رمز P للمكان)</translation>
    </message>
    <message>
        <source>Came from (admin 1)</source>
        <translation>قدموا من (المحافظة)</translation>
    </message>
    <message>
        <source>Came from (admin 1 P-code)</source>
        <translation>قدموا من (رمز P للمحافظة)</translation>
    </message>
    <message>
        <source>Came from (admin 2)</source>
        <translation>قدموا من (المنطقة)</translation>
    </message>
    <message>
        <source>Came from (admin 2 P-code)</source>
        <translation>قدموا من (رمز P للمنطقة)</translation>
    </message>
    <message>
        <source>Came from (admin 3)</source>
        <translation>قدموا من (الناحية)</translation>
    </message>
    <message>
        <source>Came from (admin 3 P-code)</source>
        <translation>قدموا من (رمز P للناحية)</translation>
    </message>
    <message>
        <source>Went to (place)</source>
        <translation>توجّهوا إلى (المكان)</translation>
    </message>
    <message>
        <source>Went to (place P-code)</source>
        <translation>توجّهوا إلى (رمز P للمكان)</translation>
    </message>
    <message>
        <source>Went to (admin 1)</source>
        <translation>توجّهوا إلى (المحافظة)</translation>
    </message>
    <message>
        <source>Went to (admin 1 P-code)</source>
        <translation>توجّهوا إلى (رمز P للمحافظة)</translation>
    </message>
    <message>
        <source>Went to (admin 2)</source>
        <translation>توجّهوا إلى (المنطقة)</translation>
    </message>
    <message>
        <source>Went to (admin 2 P-code)</source>
        <translation>توجّهوا إلى (رمز P للمنطقة)</translation>
    </message>
    <message>
        <source>Went to (admin 3)</source>
        <translation>توجّهوا إلى (الناحية)</translation>
    </message>
    <message>
        <source>Went to (admin 3 P-code)</source>
        <translation>توجّهوا إلى (رمز P للناحية)</translation>
    </message>
    <message>
        <source>Individuals</source>
        <translation>الأفراد</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>الأسر</translation>
    </message>
    <message>
        <source>Household size</source>
        <translation>حجم الأسرة</translation>
    </message>
    <message>
        <source>Population before</source>
        <translation>عدد السكان قبل النزوح</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>Caused by incidents</source>
        <translation>الحوادث المسبّبة</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <source>; </source>
        <translation>؛ </translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>is required</source>
        <translation>مطلوب</translation>
    </message>
    <message>
        <source>{value} is not a date; write it as YYYY-MM-DD, e.g. 2019-05-14</source>
        <translation>«{value}» ليس تاريخاً؛ اكتبه بالشكل سنة-شهر-يوم، مثل ⁦2019-05-14⁩</translation>
    </message>
    <message>
        <source>{value} is not a real calendar date</source>
        <translation>«{value}» ليس تاريخاً صحيحاً في التقويم</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>يجب أن يكون عدداً صحيحاً</translation>
    </message>
    <message>
        <source>{value} is not a whole number</source>
        <translation>«{value}» ليس عدداً صحيحاً</translation>
    </message>
    <message>
        <source>{number} is negative; counts start at 0</source>
        <translation>{number} عدد سالب؛ الأعداد تبدأ من الصفر</translation>
    </message>
    <message>
        <source>{number} is not plausible (more than {limit}); check the figure</source>
        <translation>{number} رقم غير معقول (أكثر من {limit})؛ تحقّق منه</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>يجب أن يكون رقماً</translation>
    </message>
    <message>
        <source>{value} is not a number</source>
        <translation>«{value}» ليس رقماً</translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <translation>يجب أن يكون رقماً محدوداً</translation>
    </message>
    <message>
        <source>contains control characters; remove them</source>
        <translation>يحتوي على محارف تحكّم؛ احذفها</translation>
    </message>
    <message>
        <source>is {number} characters long; the limit is {limit}</source>
        <translation>عدد أحرفه {number}، والحد الأقصى {limit}</translation>
    </message>
    <message>
        <source>{value} is not one of: {allowed}</source>
        <translation>«{value}» ليست من القيم المسموحة: {allowed}</translation>
    </message>
    <message>
        <source>{value} is not a sub-event type; choose one of: {allowed}</source>
        <translation>«{value}» ليس نوعاً فرعياً للحدث؛ اختر واحداً من: {allowed}</translation>
    </message>
    <message>
        <source>{value} is not a list</source>
        <translation>«{value}» ليست قائمة</translation>
    </message>
    <message>
        <source>{value} is not a record id</source>
        <translation>«{value}» ليس معرّف سجل</translation>
    </message>
    <message>
        <source>is not a field of an incident record</source>
        <translation>ليس من حقول سجل الحادثة</translation>
    </message>
    <message>
        <source>is not a field of a displacement record</source>
        <translation>ليس من حقول سجل النزوح</translation>
    </message>
    <message>
        <source>{date} is in the future; use the date it happened</source>
        <translation>{date} تاريخ في المستقبل؛ اكتب تاريخ وقوع الحدث</translation>
    </message>
    <message>
        <source>{number} is outside -90..90</source>
        <translation>{number} خارج النطاق من ؜-٩٠ إلى ٩٠</translation>
    </message>
    <message>
        <source>{number} is outside -180..180</source>
        <translation>{number} خارج النطاق من ؜-١٨٠ إلى ١٨٠</translation>
    </message>
    <message>
        <source>give both latitude and longitude, or neither</source>
        <translation>اكتب خط العرض وخط الطول معاً، أو اتركهما فارغين</translation>
    </message>
    <message>
        <source>{sub} is not a kind of {type} (it belongs to {belongs})</source>
        <translation>«{sub}» ليس من أنواع «{type}» (بل من «{belongs}»)</translation>
    </message>
    <message>
        <source>{number} is not a plausible household size (0 to {limit})</source>
        <translation>{number} حجم أسرة غير معقول (المسموح من ٠ إلى {limit})</translation>
    </message>
    <message>
        <source>give the number of individuals or of households</source>
        <translation>اكتب عدد الأفراد أو عدد الأسر</translation>
    </message>
    <message>
        <source>{households} households of {size} make about {people} people, not {individuals}</source>
        <translation>عدد الأسر ({households}) بمتوسط حجم أسرة ({size}) يعني نحو {people} من الأشخاص، لا {individuals}</translation>
    </message>
    <message>
        <source>{individuals} individuals is more than the population before ({before})</source>
        <translation>عدد الأفراد ({individuals}) أكبر من عدد السكان قبل النزوح ({before})</translation>
    </message>
    <message>
        <source>{date} is before the report date {start}</source>
        <translation>{date} يسبق تاريخ التقرير {start}</translation>
    </message>
    <message>
        <source>unknown record kind {value}; use one of {allowed}</source>
        <translation>نوع السجل «{value}» غير معروف؛ استخدم واحداً من: {allowed}</translation>
    </message>
    <message>
        <source>the passphrase is wrong; nothing was signed. Try again (it is case-sensitive)</source>
        <translation>عبارة المرور خاطئة؛ لم يُوقَّع شيء. حاول مرة أخرى (الأحرف الكبيرة والصغيرة مختلفة)</translation>
    </message>
    <message>
        <source>the passphrase is wrong; nothing was opened. Try again (it is case-sensitive)</source>
        <translation>عبارة المرور خاطئة؛ لم يُفتح شيء. حاول مرة أخرى (الأحرف الكبيرة والصغيرة مختلفة)</translation>
    </message>
    <message>
        <source>signing needs the device passphrase (or make a draft with --no-sign)</source>
        <translation>التوقيع يحتاج إلى عبارة مرور الجهاز (أو أعدّ مسودة دون توقيع)</translation>
    </message>
    <message>
        <source>the passphrase must be at least {limit} characters; choose a longer one</source>
        <translation>يجب أن تتكون عبارة المرور من {limit} أحرف على الأقل؛ اختر عبارة أطول</translation>
    </message>
    <message>
        <source>the device key is in an unknown format; this fieldapp is too old</source>
        <translation>مفتاح الجهاز بصيغة غير معروفة؛ هذا الإصدار من fieldapp قديم جداً</translation>
    </message>
    <message>
        <source>a stored key is in an unknown format; this fieldapp is too old</source>
        <translation>أحد المفاتيح المحفوظة بصيغة غير معروفة؛ هذا الإصدار من fieldapp قديم جداً</translation>
    </message>
    <message>
        <source>give the device a name (your name or the team&apos;s), e.g. --name Amal</source>
        <translation>اكتب اسماً للجهاز (اسمك أو اسم الفريق)، مثل ‎--name Amal</translation>
    </message>
    <message>
        <source>give your organisation, e.g. --org &apos;Idlib Response Network&apos;</source>
        <translation>اكتب اسم منظمتك، مثل ‎--org &apos;Idlib Response Network&apos;</translation>
    </message>
    <message>
        <source>that file is not a PEM certificate exported by fieldapp</source>
        <translation>هذا الملف ليس شهادة PEM صدّرها fieldapp</translation>
    </message>
    <message>
        <source>the certificate&apos;s key is not an ECDSA key; fieldapp uses P-256</source>
        <translation>مفتاح الشهادة ليس مفتاح ECDSA؛ يستخدم fieldapp المنحنى P-256</translation>
    </message>
    <message>
        <source>no certificate file at {path}</source>
        <translation>لا يوجد ملف شهادة في {path}</translation>
    </message>
    <message>
        <source>this database&apos;s certificate does not match its device key; the database is damaged. Restore it from a backup</source>
        <translation>شهادة قاعدة البيانات هذه لا تطابق مفتاح جهازها؛ قاعدة البيانات تالفة. استعدها من نسخة احتياطية</translation>
    </message>
    <message>
        <source>cancelled; nothing was written</source>
        <translation>أُلغي؛ لم يُكتب شيء</translation>
    </message>
    <message>
        <source>cancelled; nothing was saved</source>
        <translation>أُلغي؛ لم يُحفظ شيء</translation>
    </message>
    <message>
        <source>cancelled; nothing was merged</source>
        <translation>أُلغي؛ لم يُدمج شيء</translation>
    </message>
    <message>
        <source>cancelled; no report was written</source>
        <translation>أُلغي؛ لم يُكتب أي تقرير</translation>
    </message>
    <message>
        <source>cancelled; no bundle was written</source>
        <translation>أُلغي؛ لم تُكتب أي حزمة</translation>
    </message>
    <message>
        <source>export cancelled; no bundle was written</source>
        <translation>أُلغي التصدير؛ لم تُكتب أي حزمة</translation>
    </message>
    <message>
        <source>merge cancelled; nothing was merged</source>
        <translation>أُلغي الدمج؛ لم يُدمج شيء</translation>
    </message>
    <message>
        <source>printing cancelled; the rest of the job was withdrawn</source>
        <translation>أُلغيت الطباعة؛ وسُحب ما تبقّى من المهمة</translation>
    </message>
    <message>
        <source>backup cancelled; nothing was written</source>
        <translation>أُلغي النسخ الاحتياطي؛ لم يُكتب شيء</translation>
    </message>
    <message>
        <source>search cancelled</source>
        <translation>أُلغي البحث</translation>
    </message>
    <message>
        <source>there is no report to print; generate one first</source>
        <translation>لا يوجد تقرير للطباعة؛ أعدّ تقريراً أولاً</translation>
    </message>
    <message>
        <source>the printer could not be started; check it is connected and ready</source>
        <translation>تعذّر تشغيل الطابعة؛ تأكد من أنها موصولة وجاهزة</translation>
    </message>
    <message>
        <source>the printer refused a new page; printing stopped</source>
        <translation>رفضت الطابعة صفحة جديدة؛ توقفت الطباعة</translation>
    </message>
    <message>
        <source>{path} is a folder; give a file name ending in .pdf</source>
        <translation>{path} مجلد؛ اكتب اسم ملف ينتهي بـ ‎.pdf</translation>
    </message>
    <message>
        <source>the folder {path} does not exist; create it or choose another</source>
        <translation>المجلد {path} غير موجود؛ أنشئه أو اختر مجلداً آخر</translation>
    </message>
    <message>
        <source>cannot write {path}: {text}</source>
        <translation>تعذّرت كتابة {path}: {text}</translation>
    </message>
    <message>
        <source>{path} is a folder; give a file name ending in .html</source>
        <translation>{path} مجلد؛ اكتب اسم ملف ينتهي بـ ‎.html</translation>
    </message>
    <message>
        <source>--out {path}: give a file name ending in .pdf</source>
        <translation>الخيار ‎--out {path}: اكتب اسم ملف ينتهي بـ ‎.pdf</translation>
    </message>
    <message>
        <source>cannot read {path}: {text}</source>
        <translation>تعذّرت قراءة {path}: {text}</translation>
    </message>
    <message>
        <source>{path} is not a PDF file</source>
        <translation>{path} ليس ملف PDF</translation>
    </message>
    <message>
        <source>{path} is not a readable PDF ({text}); it may be damaged</source>
        <translation>{path} ملف PDF تتعذّر قراءته ({text})؛ قد يكون تالفاً</translation>
    </message>
    <message>
        <source>this fieldapp cannot check PDF reports (the reports module is missing)</source>
        <translation>نسخة fieldapp هذه لا تستطيع فحص تقارير PDF (وحدة التقارير مفقودة)</translation>
    </message>
    <message>
        <source>a report is made from a database file, not one in memory</source>
        <translation>يُعدّ التقرير من ملف قاعدة بيانات، لا من قاعدة بيانات في الذاكرة</translation>
    </message>
    <message>
        <source>the report font {path} is missing; reinstall fieldapp</source>
        <translation>خط التقرير {path} مفقود؛ أعد تثبيت fieldapp</translation>
    </message>
    <message>
        <source>unknown report language {value}; use one of {allowed}</source>
        <translation>لغة التقرير «{value}» غير معروفة؛ استخدم واحدة من: {allowed}</translation>
    </message>
    <message>
        <source>the place index is empty; reinstall fieldapp</source>
        <translation>فهرس الأماكن فارغ؛ أعد تثبيت fieldapp</translation>
    </message>
    <message>
        <source>the place index {path} cannot be read ({text}); reinstall fieldapp</source>
        <translation>تتعذّر قراءة فهرس الأماكن {path} ({text})؛ أعد تثبيت fieldapp</translation>
    </message>
    <message>
        <source>give a place name to search for, or --near LAT LON</source>
        <translation>اكتب اسم مكان للبحث عنه، أو ‎--near LAT LON</translation>
    </message>
    <message>
        <source>latitude -90..90 and longitude -180..180</source>
        <translation>خط العرض من ؜-٩٠ إلى ٩٠ وخط الطول من ؜-١٨٠ إلى ١٨٠</translation>
    </message>
    <message>
        <source>say where to write the map: --out FILE.html and/or --png FILE.png</source>
        <translation>حدّد أين تُكتب الخريطة: ‎--out FILE.html و/أو ‎--png FILE.png</translation>
    </message>
    <message>
        <source>--tiles draws an archive under a --png image; a standalone page cannot carry one</source>
        <translation>الخيار ‎--tiles يرسم أرشيف بلاطات تحت صورة ‎--png؛ لا يمكن أن تحمل صفحة مستقلة أرشيفاً</translation>
    </message>
    <message>
        <source>{value} is not WIDTHxHEIGHT, e.g. 1200x800</source>
        <translation>«{value}» ليست بالصيغة WIDTHxHEIGHT، مثل ‎1200x800</translation>
    </message>
    <message>
        <source>width and height must be between 100 and 8000</source>
        <translation>يجب أن يكون العرض والارتفاع بين ١٠٠ و٨٠٠٠</translation>
    </message>
    <message>
        <source>{path} does not exist; choose an .mbtiles file</source>
        <translation>{path} غير موجود؛ اختر ملف ‎.mbtiles</translation>
    </message>
    <message>
        <source>{path} is a folder; choose an .mbtiles file</source>
        <translation>{path} مجلد؛ اختر ملف ‎.mbtiles</translation>
    </message>
    <message>
        <source>{file} is not an MBTiles tile archive (it is not an SQLite file); choose a raster .mbtiles file, e.g. one exported from QGIS or MOBAC</source>
        <translation>{file} ليس أرشيف بلاطات MBTiles (ليس ملف SQLite)؛ اختر ملف ‎.mbtiles نقطياً، مثل ملف صُدّر من QGIS أو MOBAC</translation>
    </message>
    <message>
        <source>{file} cannot be opened ({text})</source>
        <translation>يتعذّر فتح {file} ({text})</translation>
    </message>
    <message>
        <source>{file} is an SQLite file but not an MBTiles archive (no tiles and metadata tables); choose a raster .mbtiles file</source>
        <translation>{file} ملف SQLite لكنه ليس أرشيف MBTiles (لا يحوي جدولَي tiles وmetadata)؛ اختر ملف ‎.mbtiles نقطياً</translation>
    </message>
    <message>
        <source>{file} is damaged or not an MBTiles archive ({text}); choose another file</source>
        <translation>{file} تالف أو ليس أرشيف MBTiles ({text})؛ اختر ملفاً آخر</translation>
    </message>
    <message>
        <source>{file} holds no tiles; choose another archive</source>
        <translation>{file} لا يحوي أي بلاطات؛ اختر أرشيفاً آخر</translation>
    </message>
    <message>
        <source>{file} holds vector tiles, which fieldapp cannot draw; use a raster (PNG, JPEG or WebP) archive</source>
        <translation>{file} يحوي بلاطات متجهية لا يستطيع fieldapp رسمها؛ استخدم أرشيفاً نقطياً (PNG أو JPEG أو WebP)</translation>
    </message>
    <message>
        <source>{file} says its tiles are {value}; fieldapp shows PNG, JPEG and WebP tiles</source>
        <translation>يذكر {file} أن بلاطاته «{value}»؛ يعرض fieldapp بلاطات PNG وJPEG وWebP</translation>
    </message>
    <message>
        <source>the map renderer is not available ({text})</source>
        <translation>راسم الخرائط غير متوفر ({text})</translation>
    </message>
    <message>
        <source>the map can only be rendered in a widget application</source>
        <translation>لا تُرسم الخريطة إلا في تطبيق ذي واجهة رسومية</translation>
    </message>
    <message>
        <source>the map can only be drawn on the application&apos;s main thread; draw it before starting the background job and pass the image in</source>
        <translation>لا تُرسم الخريطة إلا في الخيط الرئيسي للتطبيق؛ ارسمها قبل بدء المهمة في الخلفية ومرّر إليها الصورة</translation>
    </message>
    <message>
        <source>the map page did not finish ({text}) within {number} s</source>
        <translation>لم تنتهِ صفحة الخريطة ({text}) خلال {number} ثانية</translation>
    </message>
    <message>
        <source>the map page did not answer a script within {number} s</source>
        <translation>لم تُجب صفحة الخريطة عن نص برمجي خلال {number} ثانية</translation>
    </message>
    <message>
        <source>the map has no labels in language {value}</source>
        <translation>ليس للخريطة تسميات باللغة «{value}»</translation>
    </message>
    <message>
        <source>map size {text} is out of range (100..8000 pixels)</source>
        <translation>حجم الخريطة {text} خارج النطاق (من ١٠٠ إلى ٨٠٠٠ بكسل)</translation>
    </message>
    <message>
        <source>could not write the map image {path}</source>
        <translation>تعذّرت كتابة صورة الخريطة {path}</translation>
    </message>
    <message>
        <source>tile archives can only be drawn when the application registered the fieldtiles: scheme at start-up; render without --tiles</source>
        <translation>لا تُرسم أراشيف البلاطات إلا إذا سجّل التطبيق المخطط fieldtiles: عند بدء التشغيل؛ ارسم دون ‎--tiles</translation>
    </message>
    <message>
        <source>the map page failed to load</source>
        <translation>تعذّر تحميل صفحة الخريطة</translation>
    </message>
    <message>
        <source>{file} is sealed (age-encrypted); open it with the database of the device it was sealed to (--db)</source>
        <translation>{file} مشفّرة (بتشفير age)؛ افتحها بقاعدة بيانات الجهاز الذي شُفّرت له (‎--db)</translation>
    </message>
    <message>
        <source>{file} is not a bundle fieldapp wrote: its zip directory asks for {text}; refused. Ask the sender to export it again</source>
        <translation>{file} ليست حزمة كتبها fieldapp: فهرس ملف zip فيها يطلب {text}؛ رُفضت. اطلب من المرسل أن يصدّرها من جديد</translation>
    </message>
    <message>
        <source>{file} is refused: an entry has no name</source>
        <translation>رُفضت {file}: أحد المدخلات بلا اسم</translation>
    </message>
    <message>
        <source>{file} is refused: the entry name {value} contains a NUL character</source>
        <translation>رُفضت {file}: اسم المدخل «{value}» يحتوي محرف NUL</translation>
    </message>
    <message>
        <source>{file} is refused: {value} uses an unsupported compression</source>
        <translation>رُفضت {file}: المدخل «{value}» مضغوط بطريقة غير مدعومة</translation>
    </message>
    <message>
        <source>{file} is refused: {entry} would unpack to {size} bytes, more than the {limit} allowed</source>
        <translation>رُفضت {file}: سيتمدد {entry} عند فك ضغطه إلى {size} بايت، أكثر من الحد المسموح {limit}</translation>
    </message>
    <message>
        <source>{file} is refused: it would unpack to {size} bytes, more than the {limit} allowed</source>
        <translation>رُفضت {file}: ستتمدد عند فك ضغطها إلى {size} بايت، أكثر من الحد المسموح {limit}</translation>
    </message>
    <message>
        <source>{entry} inside the bundle is damaged ({text}); copy the bundle again from the sender</source>
        <translation>الملف {entry} داخل الحزمة تالف ({text})؛ انسخ الحزمة مجدداً من المرسل</translation>
    </message>
    <message>
        <source>{entry} inside the bundle cannot be read ({text}); copy the bundle again</source>
        <translation>تعذّرت قراءة الملف {entry} داخل الحزمة ({text})؛ انسخ الحزمة مجدداً</translation>
    </message>
    <message>
        <source>{file} does not match the signed manifest (its SHA-256 or size differs): the bundle was altered or damaged after it was signed. Nothing was merged; ask the sender for a fresh copy</source>
        <translation>{file} لا يطابق قائمة المحتويات الموقّعة (تختلف بصمته SHA-256 أو حجمه): عُدّلت الحزمة أو تلفت بعد توقيعها. لم يُدمج شيء؛ اطلب من المرسل نسخة جديدة</translation>
    </message>
    <message>
        <source>{file} does not match the signed manifest (its size differs): the bundle was altered after it was signed. Nothing was merged</source>
        <translation>{file} لا يطابق قائمة المحتويات الموقّعة (يختلف حجمه): عُدّلت الحزمة بعد توقيعها. لم يُدمج شيء</translation>
    </message>
    <message>
        <source>{file}: the signature does not match the manifest: the manifest was altered, or signed by another key than the one it names. Nothing was merged; ask the sender for a fresh bundle</source>
        <translation>{file}: التوقيع لا يطابق قائمة المحتويات: إما أنها عُدّلت، وإما وُقّعت بمفتاح غير المفتاح المذكور فيها. لم يُدمج شيء؛ اطلب من المرسل حزمة جديدة</translation>
    </message>
    <message>
        <source>{file} is signed by {name} ({organisation}), whose key this database does not trust. Fingerprint: {fingerprint}. Compare it with the one that device shows (`fieldapp keys show`), then merge with --trust-new, or register the device first with `fieldapp keys trust CERTFILE`. Nothing was merged</source>
        <translation>{file} موقّعة من {name} ‏({organisation})، وقاعدة البيانات هذه لا تثق بمفتاحه. البصمة: {fingerprint}. قارنها بالبصمة التي يعرضها ذلك الجهاز (‎`fieldapp keys show`)، ثم ادمج مع ‎--trust-new، أو سجّل الجهاز أولاً بـ ‎`fieldapp keys trust CERTFILE`. لم يُدمج شيء</translation>
    </message>
    <message>
        <source>{file}: revision {revision} of record {id} names as its parent a revision of another record ({text}); refused</source>
        <translation>{file}: المراجعة {revision} من السجل {id} تذكر أصلاً لها مراجعةً من سجل آخر ({text})؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{file}: record {id} is a {kind} in the bundle but a {other} in this database; refused</source>
        <translation>{file}: السجل {id} من نوع {kind} في الحزمة ومن نوع {other} في قاعدة البيانات هذه؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{file}: revision {revision} of record {id} is linked to a revision of another record ({text}); refused</source>
        <translation>{file}: المراجعة {revision} من السجل {id} مرتبطة بمراجعة من سجل آخر ({text})؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>a CSV file in {file} is malformed ({text}); refused</source>
        <translation>ملف CSV في {file} غير سليم ({text})؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{file}: a revision appears twice in revisions.csv; refused</source>
        <translation>{file}: إحدى المراجعات مكررة في revisions.csv؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>revisions.csv line {line} (record {id}): the data is not in the form fieldapp stores (fields missing, extra or not normalised); refused</source>
        <translation>السطر {line} من revisions.csv ‏(السجل {id}): البيانات ليست بالشكل الذي يحفظه fieldapp (حقول ناقصة أو زائدة أو غير موحّدة)؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>revisions.csv line {line}: {reason}; refused</source>
        <translation>السطر {line} من revisions.csv: {reason}؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>revisions are not grouped by record (record ids must ascend)</source>
        <translation>المراجعات غير مجمّعة حسب السجل (يجب أن تتصاعد معرّفات السجلات)</translation>
    </message>
    <message>
        <source>record {id} is both a {kind} and a {other}</source>
        <translation>السجل {id} من النوعين {kind} و{other} معاً</translation>
    </message>
    <message>
        <source>{value} is not a revision id</source>
        <translation>«{value}» ليس معرّف مراجعة</translation>
    </message>
    <message>
        <source>{value} is not a record kind</source>
        <translation>«{value}» ليس نوع سجل</translation>
    </message>
    <message>
        <source>the parents are not sorted, distinct revision ids</source>
        <translation>المراجعات الأصل ليست معرّفات مراجعة مرتبة وغير مكررة</translation>
    </message>
    <message>
        <source>{value} is not a device fingerprint</source>
        <translation>«{value}» ليست بصمة جهاز</translation>
    </message>
    <message>
        <source>{value} is not a sequence number</source>
        <translation>«{value}» ليس رقماً تسلسلياً</translation>
    </message>
    <message>
        <source>{value} is not a UTC timestamp</source>
        <translation>«{value}» ليس طابعاً زمنياً بتوقيت UTC</translation>
    </message>
    <message>
        <source>{value} is not a real time</source>
        <translation>«{value}» ليس وقتاً صحيحاً</translation>
    </message>
    <message>
        <source>deleted is {value}, not 0 or 1</source>
        <translation>قيمة deleted هي «{value}» وليست 0 أو 1</translation>
    </message>
    <message>
        <source>a deletion must name the revision it deletes</source>
        <translation>يجب أن يذكر الحذف المراجعة التي يحذفها</translation>
    </message>
    <message>
        <source>the data is not valid JSON ({text})</source>
        <translation>البيانات ليست JSON صالحاً ({text})</translation>
    </message>
    <message>
        <source>the data is not canonical JSON</source>
        <translation>البيانات ليست JSON بالشكل القياسي</translation>
    </message>
    <message>
        <source>revision {revision} does not match its content (its id is the SHA-256 of its content): the revision was altered</source>
        <translation>المراجعة {revision} لا تطابق محتواها (معرّفها هو بصمة SHA-256 لمحتواها): عُدّلت المراجعة</translation>
    </message>
    <message>
        <source>revisions.csv does not start its second part where expected</source>
        <translation>لا يبدأ الجزء الثاني من revisions.csv حيث يُتوقّع</translation>
    </message>
    <message>
        <source>a record file does not start its second part where expected</source>
        <translation>لا يبدأ الجزء الثاني من أحد ملفات السجلات حيث يُتوقّع</translation>
    </message>
    <message>
        <source>the verifying process ended without an answer</source>
        <translation>انتهت عملية التحقق دون أن تُرسل جواباً</translation>
    </message>
    <message>
        <source>the second part was not accepted: {text}</source>
        <translation>لم يُقبل الجزء الثاني: {text}</translation>
    </message>
    <message>
        <source>this verified bundle was already closed; verify it again</source>
        <translation>أُغلقت هذه الحزمة المُتحقَّق منها من قبل؛ تحقّق منها مرة أخرى</translation>
    </message>
    <message>
        <source>{file} is a bundle of format 1, from a fieldapp that did not sign each revision: nothing in it proves who wrote the revisions it carries. Ask the sender to install this fieldapp and export again (their records are safe on their laptop)</source>
        <translation>الملف {file} حزمة من الصيغة 1، من إصدار من fieldapp لم يكن يوقّع كل مراجعة: لا شيء فيها يثبت من كتب المراجعات التي تحملها. اطلب من المرسل تثبيت هذا الإصدار من fieldapp والتصدير من جديد (سجلاته محفوظة على حاسوبه)</translation>
    </message>
    <message>
        <source>the signature cell is not 128 hexadecimal digits ({value})</source>
        <translation>خلية التوقيع ليست 128 رقمًا ست عشريًا ({value})</translation>
    </message>
    <message>
        <source>revisions.csv line {line}: revision {revision} names device {id} as its author, but the bundle carries no certificate of that device; refused</source>
        <translation>الملف revisions.csv السطر {line}: المراجعة {revision} تذكر الجهاز {id} كاتبًا لها، لكن الحزمة لا تحمل شهادة ذلك الجهاز؛ مرفوضة</translation>
    </message>
    <message>
        <source>revisions.csv line {line}: revision {revision} says {name} ({id}) wrote it, but its signature is not that device&apos;s: it was changed or forged; refused</source>
        <translation>الملف revisions.csv السطر {line}: المراجعة {revision} تقول إن {name} ({id}) كتبها، لكن توقيعها ليس توقيع ذلك الجهاز: لقد غُيّرت أو زُوّرت؛ مرفوضة</translation>
    </message>
    <message>
        <source>{file}: the manifest does not follow the bundle manifest schema at {entry}: it {text}; refused</source>
        <translation>{file}: قائمة المحتويات لا تتبع مخطط قائمة محتويات الحزمة عند {entry}: {text}؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line}: the {text} cell {value} is not valid in a places register; refused, nothing was merged</source>
        <translation>{entry} السطر {line}: الخلية {text} بالقيمة {value} غير صالحة في سجل أماكن؛ رُفضت الحزمة ولم يُدمج شيء</translation>
    </message>
    <message>
        <source>{entry} holds more rows than the {limit} the bundle&apos;s register editions declare; refused, nothing was merged</source>
        <translation>في {entry} صفوف أكثر من {limit} التي تعلنها إصدارات السجل في الحزمة؛ رُفضت الحزمة ولم يُدمج شيء</translation>
    </message>
    <message>
        <source>{entry} line {line}: {value} appears twice; refused</source>
        <translation>{entry} السطر {line}: {value} مكرّر؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line}: the unit {value} belongs to no edition of place_editions.csv; refused</source>
        <translation>{entry} السطر {line}: الوحدة {value} لا تنتمي إلى أي إصدار في place_editions.csv؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry}: register edition {id} holds {count} units where its signed entry says {expected} (or other levels); refused, nothing was merged</source>
        <translation>{entry}: إصدار السجل {id} يضم {count} وحدة بينما يذكر قيده الموقَّع {expected} (أو مستويات أخرى)؛ رُفضت الحزمة ولم يُدمج شيء</translation>
    </message>
    <message>
        <source>{entry}: the places register {name} (edition {id}) does not match its content: it was changed after it was signed. Refused, nothing was merged; ask the sender to export again</source>
        <translation>{entry}: سجل الأماكن {name} (الإصدار {id}) لا يطابق محتواه: عُدّل بعد توقيعه. رُفضت الحزمة ولم يُدمج شيء؛ اطلب من المرسل أن يصدّرها من جديد</translation>
    </message>
    <message>
        <source>{entry}: a register edition was loaded by device {id}, whose certificate the bundle does not carry; refused, nothing was merged</source>
        <translation>{entry}: حمّل الجهاز {id} إصدارًا من السجل، ولا تحمل الحزمة شهادة هذا الجهاز؛ رُفضت الحزمة ولم يُدمج شيء</translation>
    </message>
    <message>
        <source>{entry}: the places register edition {id} is not signed by {name}, the device that loaded it; refused, nothing was merged</source>
        <translation>{entry}: إصدار سجل الأماكن {id} غير موقَّع من {name}، الجهاز الذي حمّله؛ رُفضت الحزمة ولم يُدمج شيء</translation>
    </message>
    <message>
        <source>places register: {name} ({count} units) received</source>
        <translation>سجل الأماكن: استُلم {name} ({count} وحدة)</translation>
    </message>
    <message>
        <source>places register: {name} ({count} units) not taken: this database holds a newer edition, {text} ({date})</source>
        <translation>سجل الأماكن: لم يؤخذ {name} ({count} وحدة): في قاعدة البيانات هذه إصدار أحدث، {text} ({date})</translation>
    </message>
    <message>
        <source>this database has no records yet; nothing to export</source>
        <translation>لا سجلات في قاعدة البيانات هذه بعد؛ لا شيء للتصدير</translation>
    </message>
    <message>
        <source>nothing changed since the last bundle; nothing was written (use --full to export everything again)</source>
        <translation>لم يتغير شيء منذ آخر حزمة؛ لم يُكتب شيء (استخدم ‎--full لتصدير كل شيء من جديد)</translation>
    </message>
    <message>
        <source>{file} is sealed, but not to this device&apos;s key, or it is damaged ({text}). Check that the sender sealed it to the recipient `fieldapp keys show` prints here</source>
        <translation>{file} مشفّرة، لكن ليس لمفتاح هذا الجهاز، أو أنها تالفة ({text}). تأكد أن المرسل شفّرها للمستلم الذي يطبعه هنا ‎`fieldapp keys show`</translation>
    </message>
    <message>
        <source>this bundle is sealed, but this database has no sealing key, so it was not sealed to it. Ask the sender which recipient they used; yours is printed by `fieldapp keys show`</source>
        <translation>هذه الحزمة مشفّرة، لكن ليس لقاعدة البيانات هذه مفتاح تشفير، فهي لم تُشفَّر لها. اسأل المرسل عن المستلم الذي استخدمه؛ مستلمك يطبعه ‎`fieldapp keys show`</translation>
    </message>
    <message>
        <source>{value} is not an age recipient; ask the coordinator for the line starting with age1 that `fieldapp keys show` prints on their computer</source>
        <translation>«{value}» ليس مستلماً لتشفير age؛ اطلب من المنسّق السطر الذي يبدأ بـ age1 ويطبعه ‎`fieldapp keys show` على حاسوبه</translation>
    </message>
    <message>
        <source>{count} revisions to export carry no signature of their author (the first: device {name} {id}), and only their author can sign them. Ask that device for a new full bundle (merging it adds the signatures), then export again</source>
        <translation>عدد المراجعات المراد تصديرها بلا توقيع من كاتبها: {count} (أولها من الجهاز {name} {id})، ولا يوقّعها إلا كاتبها. اطلب من ذلك الجهاز حزمة كاملة جديدة (دمجها يضيف التواقيع)، ثم صدّر من جديد</translation>
    </message>
    <message>
        <source>no database at {path}; run `fieldapp init` first</source>
        <translation>لا توجد قاعدة بيانات في {path}؛ شغّل ‎`fieldapp init` أولاً</translation>
    </message>
    <message>
        <source>{path} is a folder, not a database file</source>
        <translation>{path} مجلد وليس ملف قاعدة بيانات</translation>
    </message>
    <message>
        <source>cannot open {path} ({text}); check the path and its permissions</source>
        <translation>تعذّر فتح {path} ‏({text})؛ تحقّق من المسار وأذوناته</translation>
    </message>
    <message>
        <source>migrations in {path} are not numbered 1..n: {text}</source>
        <translation>الترحيلات في {path} غير مرقّمة من 1 إلى n: {text}</translation>
    </message>
    <message>
        <source>{path} uses schema version {version}, but this fieldapp only knows up to {supported}; it was written by a newer fieldapp. Install the newer version, or open another database. The file was not changed.</source>
        <translation>{path} يستخدم إصدار المخطط {version}، لكن fieldapp هذا لا يعرف إلا حتى الإصدار {supported}؛ كتبه fieldapp أحدث. ثبّت الإصدار الأحدث، أو افتح قاعدة بيانات أخرى. لم يُغيَّر الملف.</translation>
    </message>
    <message>
        <source>this database uses schema version {version}, but this fieldapp only knows up to {supported}; it was written by a newer fieldapp. Install the newer version, or open another database. The file was not changed.</source>
        <translation>قاعدة البيانات هذه تستخدم إصدار المخطط {version}، لكن fieldapp هذا لا يعرف إلا حتى الإصدار {supported}؛ كتبها fieldapp أحدث. ثبّت الإصدار الأحدث، أو افتح قاعدة بيانات أخرى. لم يُغيَّر الملف.</translation>
    </message>
    <message>
        <source>{path} is an SQLite database made by another program, not by fieldapp; choose another file (it was not changed)</source>
        <translation>{path} قاعدة بيانات SQLite أنشأها برنامج آخر، لا fieldapp؛ اختر ملفاً آخر (لم يُغيَّر)</translation>
    </message>
    <message>
        <source>this database is an SQLite database made by another program, not by fieldapp; choose another file (it was not changed)</source>
        <translation>قاعدة البيانات هذه قاعدة SQLite أنشأها برنامج آخر، لا fieldapp؛ اختر ملفاً آخر (لم تُغيَّر)</translation>
    </message>
    <message>
        <source>{file} ends with an incomplete statement; nothing was migrated</source>
        <translation>ينتهي {file} بتعليمة غير مكتملة؛ لم يُرحَّل شيء</translation>
    </message>
    <message>
        <source>migration {file} failed ({text}); it was rolled back and the database is as it was before it</source>
        <translation>فشل الترحيل {file} ({text})؛ تم التراجع عنه وقاعدة البيانات كما كانت قبله</translation>
    </message>
    <message>
        <source>migration {file} failed ({text}); it was rolled back and the database is as it was before it; a backup is at {path}</source>
        <translation>فشل الترحيل {file} ({text})؛ تم التراجع عنه وقاعدة البيانات كما كانت قبله؛ توجد نسخة احتياطية في {path}</translation>
    </message>
    <message>
        <source>no revision with id {id}</source>
        <translation>لا توجد مراجعة بالمعرّف {id}</translation>
    </message>
    <message>
        <source>{value} is too short to identify a record; give 6+ characters</source>
        <translation>«{value}» أقصر من أن يحدد سجلاً؛ اكتب ٦ أحرف أو أكثر</translation>
    </message>
    <message>
        <source>{value} matches several records; give more of the id</source>
        <translation>«{value}» يطابق عدة سجلات؛ اكتب جزءاً أطول من المعرّف</translation>
    </message>
    <message>
        <source>{field} is not a field of a {kind} record</source>
        <translation>{field} ليس من حقول سجل من نوع {kind}</translation>
    </message>
    <message>
        <source>revision {revision} of record {id} is linked to another record&apos;s history; the data is inconsistent and nothing was merged</source>
        <translation>المراجعة {revision} من السجل {id} مرتبطة بتاريخ سجل آخر؛ البيانات غير متّسقة ولم يُدمج شيء</translation>
    </message>
    <message>
        <source>revision {revision} says record {id} is a {kind}, but it is a {other}; the data is inconsistent and was not merged</source>
        <translation>تقول المراجعة {revision} إن السجل {id} من نوع {kind}، لكنه من نوع {other}؛ البيانات غير متّسقة ولم تُدمج</translation>
    </message>
    <message>
        <source>record {id} has no current revision; the data is inconsistent and nothing was merged</source>
        <translation>ليس للسجل {id} مراجعة حالية؛ البيانات غير متّسقة ولم يُدمج شيء</translation>
    </message>
    <message>
        <source>{value} is too short to identify a revision; give 6+ characters</source>
        <translation>«{value}» أقصر من أن يحدد مراجعة؛ اكتب ٦ أحرف أو أكثر</translation>
    </message>
    <message>
        <source>record {id} has no revision {revision}</source>
        <translation>ليس للسجل {id} مراجعة {revision}</translation>
    </message>
    <message>
        <source>{value} matches several revisions; give more of the id</source>
        <translation>«{value}» يطابق عدة مراجعات؛ اكتب جزءاً أطول من المعرّف</translation>
    </message>
    <message>
        <source>revision {revision} is a deletion; choose a revision that holds values</source>
        <translation>المراجعة {revision} حذف؛ اختر مراجعة فيها قيم</translation>
    </message>
    <message>
        <source>record {id} is not deleted; to go back to an older version give its revision (--revision, see `fieldapp history`)</source>
        <translation>السجل {id} غير محذوف؛ للعودة إلى نسخة أقدم حدّد مراجعتها (‎--revision، انظر ‎`fieldapp history`)</translation>
    </message>
    <message>
        <source>record {id} has no earlier version to restore (only its deletion arrived here)</source>
        <translation>ليس للسجل {id} نسخة سابقة تُستعاد (لم يصل إلى هنا إلا حذفه)</translation>
    </message>
    <message>
        <source>record {id} has no conflict</source>
        <translation>لا تعارض في السجل {id}</translation>
    </message>
    <message>
        <source>record {id} has no conflict to resolve</source>
        <translation>لا تعارض يُحسم في السجل {id}</translation>
    </message>
    <message>
        <source>--take {value} matches no single head; use one of {allowed}</source>
        <translation>قيمة ‎--take «{value}» لا تطابق نسخة حالية واحدة بعينها؛ استخدم واحدة من: {allowed}</translation>
    </message>
    <message>
        <source>say which version to keep: --take REV, or --pick FIELD=REV</source>
        <translation>حدّد النسخة التي تُبقيها: ‎--take REV أو ‎--pick FIELD=REV</translation>
    </message>
    <message>
        <source>{value} matches no single version; use one of {allowed}</source>
        <translation>«{value}» لا يطابق نسخة واحدة بعينها؛ استخدم واحدة من: {allowed}</translation>
    </message>
    <message>
        <source>version {revision} is a deletion; keep it whole with --take instead</source>
        <translation>النسخة {revision} حذف؛ أبقِها كاملة بـ ‎--take بدلاً من ذلك</translation>
    </message>
    <message>
        <source>--km must be above 0 and --days 0 or more</source>
        <translation>يجب أن تكون قيمة ‎--km أكبر من صفر وقيمة ‎--days صفراً أو أكثر</translation>
    </message>
    <message>
        <source>give two different records</source>
        <translation>حدّد سجلين مختلفين</translation>
    </message>
    <message>
        <source>a possible duplicate pairs two records of the same kind</source>
        <translation>التكرار المحتمل يجمع سجلين من النوع نفسه</translation>
    </message>
    <message>
        <source>only records of the same kind can be merged</source>
        <translation>لا يُدمج إلا سجلان من النوع نفسه</translation>
    </message>
    <message>
        <source>the relation is one of {allowed}</source>
        <translation>العلاقة واحدة من: {allowed}</translation>
    </message>
    <message>
        <source>the relation is one of {allowed} or none</source>
        <translation>العلاقة واحدة من: {allowed} أو none</translation>
    </message>
    <message>
        <source>record {id} has a conflict; resolve it first (`fieldapp conflicts`)</source>
        <translation>في السجل {id} تعارض؛ احسمه أولاً (‎`fieldapp conflicts`)</translation>
    </message>
    <message>
        <source>both records must exist (one of them is deleted)</source>
        <translation>يجب أن يكون السجلان موجودين (أحدهما محذوف)</translation>
    </message>
    <message>
        <source>no database at {path}; nothing to back up</source>
        <translation>لا توجد قاعدة بيانات في {path}؛ لا شيء لنسخه احتياطياً</translation>
    </message>
    <message>
        <source>no file at {path}; nothing was changed</source>
        <translation>لا يوجد ملف في {path}؛ لم يتغير شيء</translation>
    </message>
    <message>
        <source>{path} is a folder, not a database file; nothing was changed</source>
        <translation>{path} مجلد وليس ملف قاعدة بيانات؛ لم يتغير شيء</translation>
    </message>
    <message>
        <source>{path} is not a fieldapp database; nothing was changed</source>
        <translation>{path} ليس قاعدة بيانات fieldapp؛ لم يتغير شيء</translation>
    </message>
    <message>
        <source>{path} is not a fieldapp database ({text}); nothing was changed</source>
        <translation>{path} ليس قاعدة بيانات fieldapp ‏({text})؛ لم يتغير شيء</translation>
    </message>
    <message>
        <source>{path} is damaged ({text}); not used</source>
        <translation>{path} تالف ({text})؛ لم يُستخدم</translation>
    </message>
    <message>
        <source>{path} is the database itself; choose another file for the backup</source>
        <translation>{path} هو قاعدة البيانات نفسها؛ اختر ملفاً آخر للنسخة الاحتياطية</translation>
    </message>
    <message>
        <source>{path} is a folder; give the backup a file name</source>
        <translation>{path} مجلد؛ اكتب اسم ملف للنسخة الاحتياطية</translation>
    </message>
    <message>
        <source>{path} already exists; choose another name (nothing was written)</source>
        <translation>{path} موجود من قبل؛ اختر اسماً آخر (لم يُكتب شيء)</translation>
    </message>
    <message>
        <source>cannot write the backup {path} ({text}); nothing was written</source>
        <translation>تعذّرت كتابة النسخة الاحتياطية {path} ‏({text})؛ لم يُكتب شيء</translation>
    </message>
    <message>
        <source>cannot keep a copy of {path} before restoring ({text}); nothing was replaced</source>
        <translation>تعذّر الاحتفاظ بنسخة من {path} قبل الاستعادة ({text})؛ لم يُستبدل شيء</translation>
    </message>
    <message>
        <source>{path} is in use by another fieldapp window or program that is writing to it; close it and try again. Nothing was replaced</source>
        <translation>{path} قيد الاستخدام في نافذة أخرى من fieldapp أو برنامج آخر يكتب فيه؛ أغلقه وحاول مرة أخرى. لم يُستبدل شيء</translation>
    </message>
    <message>
        <source>{path} is the open database itself; choose a backup file</source>
        <translation>{path} هو قاعدة البيانات المفتوحة نفسها؛ اختر ملف نسخة احتياطية</translation>
    </message>
    <message>
        <source>cannot write {path} ({text}); it was not changed</source>
        <translation>تعذّرت كتابة {path} ‏({text})؛ لم يتغير</translation>
    </message>
    <message>
        <source>a passphrase is needed: run this in a terminal, or set {name}</source>
        <translation>عبارة المرور مطلوبة: شغّل هذا في طرفية، أو اضبط {name}</translation>
    </message>
    <message>
        <source>the two passphrases differ; nothing was created. Try again</source>
        <translation>عبارتا المرور مختلفتان؛ لم يُنشأ شيء. حاول مرة أخرى</translation>
    </message>
    <message>
        <source>give --name and --org (no terminal to ask on)</source>
        <translation>اكتب ‎--name و‎--org (لا توجد طرفية للسؤال فيها)</translation>
    </message>
    <message>
        <source>nothing to change: give at least one --FIELD VALUE</source>
        <translation>لا شيء لتغييره: اكتب ‎--FIELD VALUE واحداً على الأقل</translation>
    </message>
    <message>
        <source>--sort: {text}; use one of {allowed}</source>
        <translation>الخيار ‎--sort: {text}؛ استخدم واحداً من: {allowed}</translation>
    </message>
    <message>
        <source>must be 0 or more</source>
        <translation>يجب أن يكون ٠ أو أكثر</translation>
    </message>
    <message>
        <source>{value} is not a field of an incident record</source>
        <translation>«{value}» ليس من حقول سجل الحادثة</translation>
    </message>
    <message>
        <source>{value} is not a field of a displacement record</source>
        <translation>«{value}» ليس من حقول سجل النزوح</translation>
    </message>
    <message>
        <source>record {id} is deleted; see `fieldapp history`</source>
        <translation>السجل {id} محذوف؛ انظر ‎`fieldapp history`</translation>
    </message>
    <message>
        <source>{path} already belongs to {name} ({organisation}); use --db for another database</source>
        <translation>{path} يخص {name} ({organisation}) من قبل؛ استخدم ‎--db لقاعدة بيانات أخرى</translation>
    </message>
    <message>
        <source>--pick {value}: write FIELD=REV, e.g. --pick killed=3f2a9c</source>
        <translation>قيمة ‎--pick «{value}»: اكتب FIELD=REV، مثل ‎--pick killed=3f2a9c</translation>
    </message>
    <message>
        <source>--take {field}: not a field of a {kind} record</source>
        <translation>قيمة ‎--take {field} ليست من حقول سجل من نوع {kind}</translation>
    </message>
    <message>
        <source>{name} must be a number of milliseconds, not {value}</source>
        <translation>يجب أن تكون قيمة {name} عدداً من أجزاء الألف من الثانية، لا «{value}»</translation>
    </message>
    <message>
        <source>unknown interface language {value}; use one of {allowed}</source>
        <translation>لغة الواجهة «{value}» غير معروفة؛ استخدم واحدة من: {allowed}</translation>
    </message>
    <message>
        <source>the {language} catalogue {path} is missing; reinstall fieldapp or run `make translations`</source>
        <translation>ملف الترجمة {path} للغة {language} مفقود؛ أعد تثبيت fieldapp أو شغّل ‎`make translations`</translation>
    </message>
    <message>
        <source>{path} is not encrypted; convert it with `fieldapp encrypt` (nothing was changed)</source>
        <translation>الملف {path} غير مشفّر؛ حوّله بالأمر ‎`fieldapp encrypt` (لم يتغيّر شيء)</translation>
    </message>
    <message>
        <source>{path} is damaged or truncated ({size} bytes is not a whole number of {limit}-byte pages); nothing was changed. Restore a backup</source>
        <translation>الملف {path} تالف أو مبتور ({size} بايت ليست عدداً صحيحاً من صفحات حجمها {limit} بايت)؛ لم يتغيّر شيء. استعد نسخة احتياطية</translation>
    </message>
    <message>
        <source>the passphrase does not open {path}: it is wrong (it is case-sensitive) or the file is damaged; nothing was changed. Try again, or restore a backup if you are sure of the passphrase</source>
        <translation>عبارة المرور لا تفتح {path}: إما أنها خاطئة (تُميّز الأحرف الكبيرة من الصغيرة) أو أن الملف تالف؛ لم يتغيّر شيء. حاول مرة أخرى، أو استعد نسخة احتياطية إن كنت متأكداً من عبارة المرور</translation>
    </message>
    <message>
        <source>{path} is not a plain SQLite database; nothing was written</source>
        <translation>الملف {path} ليس قاعدة بيانات SQLite غير مشفّرة؛ لم يُكتب شيء</translation>
    </message>
    <message>
        <source>{path}: SQLCipher changed the salt during a rekey</source>
        <translation>الملف {path}: غيّر SQLCipher الملح أثناء تغيير المفتاح</translation>
    </message>
    <message>
        <source>{path} is in use by another fieldapp window or command; close it and convert again (nothing was changed)</source>
        <translation>الملف {path} مستخدم في نافذة أو أمر آخر من fieldapp؛ أغلقه وأعد التحويل (لم يتغيّر شيء)</translation>
    </message>
    <message>
        <source>the encrypted copy of {path} does not hold the same data ({count} revisions, not {expected}); nothing was changed</source>
        <translation>النسخة المشفّرة من {path} لا تحوي البيانات نفسها ({count} مراجعة، لا {expected})؛ لم يتغيّر شيء</translation>
    </message>
    <message>
        <source>{path} is encrypted: it opens only with its passphrase (set FIELDAPP_PASSPHRASE, or type it when asked)</source>
        <translation>الملف {path} مشفّر: لا يُفتح إلا بعبارة مروره (عيّن FIELDAPP_PASSPHRASE، أو اكتبها عند الطلب)</translation>
    </message>
    <message>
        <source>{path} is encrypted under another passphrase than the database&apos;s (a backup made before the passphrase was changed, or of another database): give the backup&apos;s passphrase (command line: set FIELDAPP_BACKUP_PASSPHRASE, or type it when asked); nothing was changed</source>
        <translation>{path} مشفّرة بعبارة مرور غير عبارة مرور قاعدة البيانات (نسخة احتياطية أُخذت قبل تغيير عبارة المرور، أو من قاعدة بيانات أخرى): أدخل عبارة مرور النسخة الاحتياطية (في سطر الأوامر: عيّن FIELDAPP_BACKUP_PASSPHRASE، أو اكتبها عند الطلب)؛ لم يتغيّر شيء</translation>
    </message>
    <message>
        <source>{path} is encrypted and the database {db} is not: encrypt the database first (`fieldapp encrypt`), then restore the backup; nothing was changed</source>
        <translation>{path} مشفّرة وقاعدة البيانات {db} غير مشفّرة: شفّر قاعدة البيانات أولاً (`fieldapp encrypt`)، ثم استعد النسخة الاحتياطية؛ لم يتغيّر شيء</translation>
    </message>
    <message>
        <source>{file}: the manifest nests deeper than {limit} levels; refused</source>
        <translation>{file}: يتداخل ملف البيان بأكثر من {limit} مستوى؛ مرفوض</translation>
    </message>
    <message>
        <source>the data nests deeper than {limit} levels</source>
        <translation>تتداخل البيانات بأكثر من {limit} مستوى</translation>
    </message>
    <message>
        <source>{value} is not a time between {earliest} and {latest}</source>
        <translation>{value} ليس وقتاً بين {earliest} و{latest}</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} is not a plain file (a device, pipe or socket)</source>
        <translation>{file} مرفوض: العنصر {value} ليس ملفاً عادياً (جهاز أو أنبوب أو مقبس)</translation>
    </message>
    <message>
        <source>revisions.csv line {line} (record {id}): {column} is {value}, not {wanted} as fieldapp stores it (counts are whole numbers, coordinates decimal numbers); refused</source>
        <translation>‏revisions.csv السطر {line} (السجل {id}): قيمة {column} هي {value}، وليست {wanted} كما يخزنها fieldapp (الأعداد أرقام صحيحة والإحداثيات أرقام عشرية)؛ مرفوض</translation>
    </message>
    <message>
        <source>{entry} line {line}: record {id} is shown at revision {revision}, but its revisions make {wanted} current; refused</source>
        <translation>{entry} السطر {line}: يظهر السجل {id} بالمراجعة {revision}، لكن مراجعاته تجعل {wanted} هي الحالية؛ مرفوض</translation>
    </message>
    <message>
        <source>{entry} line {line}: record {id} is shown, but its revisions delete it; refused</source>
        <translation>{entry} السطر {line}: يظهر السجل {id}، لكن مراجعاته تحذفه؛ مرفوض</translation>
    </message>
    <message>
        <source>{entry} has no row for record {id}, which its revisions leave current (revision {revision}); refused</source>
        <translation>لا يحتوي {entry} على صف للسجل {id}، الذي تبقيه مراجعاته قائماً (المراجعة {revision})؛ مرفوض</translation>
    </message>
    <message>
        <source>no passphrase was typed (the input ended); nothing was changed</source>
        <translation>لم تُكتب عبارة مرور (انتهى الإدخال)؛ لم يتغيّر شيء</translation>
    </message>
    <message>
        <source>the passphrase is not valid text (its bytes are not UTF-8: check {name} or the terminal&apos;s encoding); nothing was changed</source>
        <translation>عبارة المرور ليست نصًا صالحًا (بايتاتها ليست UTF-8: تحقّق من {name} أو من ترميز الطرفية)؛ لم يتغيّر شيء</translation>
    </message>
    <message>
        <source>there is no room on the disk holding {path} (the disk is full, or the file is larger than it allows); free some space there or choose another place, and try again. Nothing was written</source>
        <translation>لا توجد مساحة على القرص الذي يحوي {path} (القرص ممتلئ، أو الملف أكبر مما يسمح به)؛ أفرغ بعض المساحة عليه أو اختر مكانًا آخر، ثم أعد المحاولة. لم يُكتب شيء</translation>
    </message>
    <message>
        <source>there is no room in the temporary folder {path} (its disk is full); free some space on that disk, or set TMPDIR to a folder on a disk with room, and try again. Nothing was written</source>
        <translation>لا توجد مساحة في المجلد المؤقت {path} (قرصه ممتلئ)؛ أفرغ بعض المساحة على ذلك القرص، أو اجعل TMPDIR يشير إلى مجلد على قرص فيه مساحة، ثم أعد المحاولة. لم يُكتب شيء</translation>
    </message>
    <message>
        <source>there is no room on the disk holding {path}, where the output goes: it is incomplete; free some space there or write it to another place, and run the command again</source>
        <translation>لا توجد مساحة على القرص الذي يحوي {path}، حيث يُكتب الناتج: الناتج غير مكتمل؛ أفرغ بعض المساحة عليه أو اكتبه في مكان آخر، ثم شغّل الأمر مرة أخرى</translation>
    </message>
    <message>
        <source>this device has no sealing key yet, so there is no age identity to export. Create it first (`fieldapp keys show`, or Create sealing key… in the Devices view)</source>
        <translation>لا يملك هذا الجهاز مفتاح تشفير بعد، فلا توجد هوية age لتصديرها. أنشئه أولاً (`fieldapp keys show`، أو «إنشاء مفتاح التشفير…» في عرض الأجهزة)</translation>
    </message>
    <message>
        <source>{path} exists already; nothing was written. Choose another name, or add --force to replace it</source>
        <translation>الملف {path} موجود من قبل؛ لم يُكتب شيء. اختر اسماً آخر، أو أضف ‎--force‎ لاستبداله</translation>
    </message>
    <message>
        <source>the second process checking the rows of {path} stopped ({text}); nothing was imported. Try again; if it happens again, import the file in smaller parts</source>
        <translation>توقفت العملية الثانية التي تفحص صفوف {path} ({text})؛ لم يُستورد شيء. أعد المحاولة؛ وإن تكرر ذلك فاستورد الملف على أجزاء أصغر</translation>
    </message>
    <message>
        <source>{column}: {reason}</source>
        <translation>‏{column}: {reason}</translation>
    </message>
    <message>
        <source>{path} does not exist or is not a file; choose the CSV or XLSX file to import</source>
        <translation>{path} غير موجود أو ليس ملفاً؛ اختر ملف CSV أو XLSX المراد استيراده</translation>
    </message>
    <message>
        <source>{path} is not a file fieldapp can import: give a CSV (.csv, .tsv, .txt) or an XLSX workbook (.xlsx)</source>
        <translation>{path} ليس ملفاً يستطيع fieldapp استيراده: اختر ملف CSV (‎.csv أو ‎.tsv أو ‎.txt) أو مصنّف XLSX (‎.xlsx)</translation>
    </message>
    <message>
        <source>{path} would be {size} bytes to read; an import may be at most {limit} bytes (as a bundle). Split it into smaller files</source>
        <translation>قراءة {path} تتطلب {size} بايت؛ الحد الأقصى للاستيراد {limit} بايت (كما في الحزم). قسّمه إلى ملفات أصغر</translation>
    </message>
    <message>
        <source>{path} has more than {limit} rows; split it into smaller files and import each</source>
        <translation>في {path} أكثر من {limit} صف؛ قسّمه إلى ملفات أصغر واستورد كلاً منها</translation>
    </message>
    <message>
        <source>{path} has a row of {number} columns; at most {limit} can be imported</source>
        <translation>في {path} صف من {number} عموداً؛ لا يمكن استيراد أكثر من {limit}</translation>
    </message>
    <message>
        <source>{path} row {line}: a cell of {number} characters; a cell may hold at most {limit}</source>
        <translation>{path} الصف {line}: خلية من {number} حرفاً؛ الحد الأقصى للخلية {limit}</translation>
    </message>
    <message>
        <source>{path} is not in a text encoding fieldapp can read with certainty (UTF-8, UTF-16, Arabic Windows); save it as UTF-8 (&quot;CSV UTF-8&quot; in Excel, &quot;Unicode (UTF-8)&quot; in LibreOffice) and import it again. Nothing was imported</source>
        <translation>{path} ليس بترميز نصي يستطيع fieldapp قراءته بيقين (UTF-8 أو UTF-16 أو ترميز ويندوز العربي)؛ احفظه بترميز UTF-8 (&quot;CSV UTF-8&quot; في Excel، &quot;Unicode (UTF-8)&quot; في LibreOffice) ثم استورده من جديد. لم يُستورد شيء</translation>
    </message>
    <message>
        <source>{path} is named like a CSV file but does not hold text; open it in the program that made it and save it as CSV or XLSX. Nothing was imported</source>
        <translation>اسم {path} يوحي بملف CSV لكنه لا يحوي نصاً؛ افتحه في البرنامج الذي أنشأه واحفظه بصيغة CSV أو XLSX. لم يُستورد شيء</translation>
    </message>
    <message>
        <source>{path} is named like a CSV file but is a zip archive (perhaps an XLSX workbook); rename it to .xlsx or save it as CSV. Nothing was imported</source>
        <translation>اسم {path} يوحي بملف CSV لكنه أرشيف zip (ربما مصنّف XLSX)؛ غيّر امتداده إلى ‎.xlsx أو احفظه بصيغة CSV. لم يُستورد شيء</translation>
    </message>
    <message>
        <source>{path} cannot be read as CSV: {text}. Nothing was imported</source>
        <translation>تعذّرت قراءة {path} بصيغة CSV: {text}. لم يُستورد شيء</translation>
    </message>
    <message>
        <source>{path} is named like an XLSX workbook but is not one that can be read; open it in a spreadsheet and save it as .xlsx or .csv. Nothing was imported</source>
        <translation>اسم {path} يوحي بمصنّف XLSX لكنه ليس مصنّفاً يمكن قراءته؛ افتحه في برنامج جداول واحفظه بصيغة ‎.xlsx أو ‎.csv. لم يُستورد شيء</translation>
    </message>
    <message>
        <source>{path}: {entry} would unpack to {size} bytes, far more than a spreadsheet holds; refused. Nothing was imported</source>
        <translation>{path}: سيتوسع {entry} إلى {size} بايت، أكثر بكثير مما يحويه جدول بيانات؛ رُفض. لم يُستورد شيء</translation>
    </message>
    <message>
        <source>{path} has no rows to import</source>
        <translation>لا صفوف للاستيراد في {path}</translation>
    </message>
    <message>
        <source>{path} has no sheet named {name}; its sheets: {text}</source>
        <translation>لا ورقة باسم {name} في {path}؛ أوراقه: {text}</translation>
    </message>
    <message>
        <source>there is no saved mapping named {name}; saved mappings: {text}</source>
        <translation>لا توجد مطابقة محفوظة باسم {name}؛ المطابقات المحفوظة: {text}</translation>
    </message>
    <message>
        <source>{value} is not a kind of record; choose incident or displacement</source>
        <translation>{value} ليس نوع سجل؛ اختر incident أو displacement</translation>
    </message>
    <message>
        <source>{value} is not a field of a {kind}; choose one of: {allowed}</source>
        <translation>{value} ليس حقلاً في {kind}؛ اختر واحداً من: {allowed}</translation>
    </message>
    <message>
        <source>the file has no column {value}; its columns: {text}</source>
        <translation>لا عمود {value} في الملف؛ أعمدته: {text}</translation>
    </message>
    <message>
        <source>{value} is not COLUMN=FIELD, e.g. --map &quot;Date of event=event_date&quot;</source>
        <translation>{value} ليس بالشكل COLUMN=FIELD، مثلاً ‎--map &quot;Date of event=event_date&quot;</translation>
    </message>
    <message>
        <source>{value} is not an import mode; choose one of: {allowed}</source>
        <translation>{value} ليس طريقة استيراد؛ اختر واحدة من: {allowed}</translation>
    </message>
    <message>
        <source>{count} rows of {path} are invalid, so nothing was imported (import the valid rows only, or correct the file): {text}</source>
        <translation>{count} من صفوف {path} غير صالحة، لذلك لم يُستورد شيء (استورد الصفوف الصالحة فقط، أو صحّح الملف): {text}</translation>
    </message>
    <message>
        <source>no column of {path} is mapped to a field; map columns with --map COLUMN=FIELD or a saved --mapping</source>
        <translation>لا عمود من {path} مطابق لحقل؛ طابق الأعمدة بالخيار ‎--map COLUMN=FIELD أو بمطابقة محفوظة ‎--mapping</translation>
    </message>
    <message>
        <source>--valid-only needs --rejected FILE: where the rejected rows are written, to be corrected and imported again</source>
        <translation>الخيار ‎--valid-only يتطلب ‎--rejected FILE: حيث تُكتب الصفوف المرفوضة لتُصحَّح وتُستورد من جديد</translation>
    </message>
    <message>
        <source>{value} is not an export format; choose one of {allowed}</source>
        <translation>{value} ليست صيغة تصدير؛ اختر إحدى الصيغ: {allowed}</translation>
    </message>
    <message>
        <source>--hxl adds the HXL hashtag row to an XLSX export; for CSV choose --format hxl</source>
        <translation>الخيار ‎--hxl‎ يضيف صف وسوم HXL إلى تصدير XLSX؛ ولملف CSV اختر ‎--format hxl‎</translation>
    </message>
    <message>
        <source>ACLED&apos;s format holds incidents only: export displacement reports as xlsx, csv, hxl, geojson or gpkg</source>
        <translation>صيغة ACLED لا تحمل إلا الحوادث: صدّر تقارير النزوح بصيغة xlsx أو csv أو hxl أو geojson أو gpkg</translation>
    </message>
    <message>
        <source>{path} cannot be read ({text}); check that you may read it and that no other program holds it locked, then try again. Nothing was imported</source>
        <translation>تعذّرت قراءة {path} ({text})؛ تحقّق من أن لديك إذن قراءته وأن لا برنامج آخر يقفله، ثم أعد المحاولة. لم يُستورد شيء</translation>
    </message>
    <message>
        <source>the current passphrase is wrong; nothing was changed. Try again (it is case-sensitive)</source>
        <translation>عبارة المرور الحالية خاطئة؛ لم يتغيّر شيء. حاول مرة أخرى (تُميَّز فيها الأحرف الكبيرة من الصغيرة)</translation>
    </message>
    <message>
        <source>the two new passphrases differ; nothing was changed. Try again</source>
        <translation>عبارتا المرور الجديدتان مختلفتان؛ لم يتغيّر شيء. حاول مرة أخرى</translation>
    </message>
    <message>
        <source>the new passphrase is the same as the current one; nothing was changed</source>
        <translation>عبارة المرور الجديدة هي نفسها الحالية؛ لم يتغيّر شيء</translation>
    </message>
    <message>
        <source>the device&apos;s keys were changed by another window or command meanwhile; nothing was changed. Try again</source>
        <translation>غيّرت نافذة أو أمر آخر مفاتيح الجهاز في أثناء ذلك؛ لم يتغيّر شيء. حاول مرة أخرى</translation>
    </message>
    <message>
        <source>{file} is not a complete bundle: the zip is truncated or not a zip at all ({text}). Copy it again from the sender</source>
        <translation>{file} ليست حزمة كاملة: ملف zip مقطوع أو ليس ملف zip أصلاً ({text}). انسخها مجدداً من المرسل</translation>
    </message>
    <message>
        <source>{file} is not a complete bundle: {entry} is missing</source>
        <translation>{file} ليست حزمة كاملة: الملف {entry} مفقود</translation>
    </message>
    <message>
        <source>{file} uses bundle format version {version}, but this fieldapp reads version {supported}; install a newer fieldapp to merge it</source>
        <translation>{file} تستخدم الإصدار {version} من صيغة الحزم، وهذا البرنامج يقرأ الإصدار {supported}؛ ثبّت إصداراً أحدث من fieldapp لدمجها</translation>
    </message>
    <message>
        <source>{file} is not a fieldapp bundle (its manifest says otherwise)</source>
        <translation>{file} ليست حزمة fieldapp (قائمة محتوياتها تقول غير ذلك)</translation>
    </message>
    <message>
        <source>{file} is refused: {entry} would unpack {ratio} times larger than it is stored (a zip bomb)</source>
        <translation>رُفضت {file}: سيتمدد {entry} عند فك ضغطه إلى {ratio} ضعف حجمه المخزَّن (قنبلة ضغط)</translation>
    </message>
    <message>
        <source>{entry} unpacks to more than its declared or allowed size; the bundle is refused (it may be a zip bomb)</source>
        <translation>يتمدد {entry} عند فك ضغطه إلى أكثر من حجمه المعلن أو المسموح؛ رُفضت الحزمة (قد تكون قنبلة ضغط)</translation>
    </message>
    <message>
        <source>a CSV file in {file} is not UTF-8 text (byte {text}); refused</source>
        <translation>ملف CSV في {file} ليس نصاً بترميز UTF-8 (البايت {text})؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line} (record {id}): {column}: {reason}. The bundle was refused; nothing was merged</source>
        <translation>{entry}، السطر {line} (السجل {id}): {column}: {reason}. رُفضت الحزمة؛ لم يُدمج شيء</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} is an absolute path</source>
        <translation>رُفضت {file}: المدخل «{value}» مسار مطلق</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} contains a backslash (a Windows path)</source>
        <translation>رُفضت {file}: المدخل «{value}» يحتوي شرطة مائلة عكسية (مسار Windows)</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} points outside the bundle (..)</source>
        <translation>رُفضت {file}: المدخل «{value}» يشير إلى خارج الحزمة (..)</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} is inside a folder; bundles hold plain files only</source>
        <translation>رُفضت {file}: المدخل «{value}» داخل مجلد؛ لا تضم الحزم إلا ملفات عادية</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} is a link</source>
        <translation>رُفضت {file}: المدخل «{value}» رابط</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} is a folder</source>
        <translation>رُفضت {file}: المدخل «{value}» مجلد</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} is encrypted</source>
        <translation>رُفضت {file}: المدخل «{value}» مشفّر</translation>
    </message>
    <message>
        <source>{file} is refused: the entry {value} appears more than once</source>
        <translation>رُفضت {file}: المدخل «{value}» مكرر أكثر من مرة</translation>
    </message>
    <message>
        <source>{file} is refused: it holds an unexpected file {value}; a bundle holds only {text}</source>
        <translation>رُفضت {file}: فيها ملف غير متوقع «{value}»؛ لا تضم الحزمة إلا {text}</translation>
    </message>
    <message>
        <source>{file} holds {count} entries; a bundle holds {expected}. Refused</source>
        <translation>في {file} عدد {count} من المدخلات، والحزمة تضم {expected}. رُفضت</translation>
    </message>
    <message>
        <source>{entry}: the column {value} is missing; the header must be {text}. Refused</source>
        <translation>{entry}: العمود «{value}» مفقود؛ يجب أن يكون سطر العناوين {text}. رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry}: it has an unexpected column {value}; the header must be {text}. Refused</source>
        <translation>{entry}: فيه عمود غير متوقع «{value}»؛ يجب أن يكون سطر العناوين {text}. رُفضت الحزمة</translation>
    </message>
    <message>
        <source>revisions.csv holds {count} revisions but the manifest says {expected}; refused</source>
        <translation>في revisions.csv عدد {count} من المراجعات، وقائمة المحتويات تذكر {expected}؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} holds {count} rows but the manifest says {expected}; refused</source>
        <translation>في {entry} عدد {count} من الصفوف، وقائمة المحتويات تذكر {expected}؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{file} reuses the id of another bundle this database already has ({id}) with different contents; refused. Ask the sender to export again</source>
        <translation>{file} تستخدم معرّف حزمة أخرى موجودة في قاعدة البيانات هذه ({id}) بمحتوى مختلف؛ رُفضت. اطلب من المرسل أن يصدّر الحزمة من جديد</translation>
    </message>
    <message>
        <source>{file} is sealed; a passphrase is needed to open it</source>
        <translation>{file} مشفّرة؛ يلزم إدخال عبارة المرور لفتحها</translation>
    </message>
    <message>
        <source>no bundle at {path}; check the path</source>
        <translation>لا توجد حزمة في {path}؛ تحقّق من المسار</translation>
    </message>
    <message>
        <source>{file}: manifest.json is not valid JSON ({text}); the bundle is damaged</source>
        <translation>{file}: الملف manifest.json ليس JSON صالحاً ({text})؛ الحزمة تالفة</translation>
    </message>
    <message>
        <source>{file} has an unknown bundle format version {value}; refused</source>
        <translation>{file} بإصدار غير معروف من صيغة الحزم «{value}»؛ رُفضت</translation>
    </message>
    <message>
        <source>{file}: the manifest does not say who signed it; refused</source>
        <translation>{file}: قائمة المحتويات لا تذكر من وقّعها؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{file}: the author&apos;s certificate is unreadable; refused</source>
        <translation>{file}: تعذّرت قراءة شهادة المُنشئ؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{file}: the author&apos;s certificate does not match the author&apos;s fingerprint; the manifest was tampered with. Refused</source>
        <translation>{file}: شهادة المُنشئ لا تطابق بصمته؛ عُبث بقائمة المحتويات. رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{file}: the manifest lists device {id} with a certificate that does not match it; refused</source>
        <translation>{file}: قائمة المحتويات تذكر الجهاز {id} بشهادة لا تطابقه؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{file}: the manifest&apos;s {text} is missing or malformed; refused</source>
        <translation>{file}: الحقل {text} في قائمة المحتويات مفقود أو غير سليم؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} is empty; it must start with its header row. Refused</source>
        <translation>الملف {entry} فارغ؛ يجب أن يبدأ بسطر العناوين. رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry}: its columns are in the wrong order; the header must be {text}. Refused</source>
        <translation>{entry}: أعمدته بترتيب خاطئ؛ يجب أن يكون سطر العناوين {text}. رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line}: {count} cells where the header has {expected}; refused</source>
        <translation>{entry}، السطر {line}: فيه {count} من الخلايا وسطر العناوين فيه {expected}؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line}: records are not in id order or one appears twice; refused</source>
        <translation>{entry}، السطر {line}: السجلات ليست مرتبة بالمعرّف أو أحدها مكرر؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line}: updated_at {value} is not the time of revision {revision}; refused</source>
        <translation>{entry}، السطر {line}: قيمة updated_at «{value}» ليست وقت المراجعة {revision}؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line}: created_at or device is malformed</source>
        <translation>{entry}، السطر {line}: قيمة created_at أو device غير سليمة</translation>
    </message>
    <message>
        <source>{entry} line {line}: record {id} (revision {revision}) does not match any revision in revisions.csv; the copy for spreadsheets disagrees with the revisions. Refused</source>
        <translation>{entry}، السطر {line}: السجل {id} (المراجعة {revision}) لا يطابق أي مراجعة في revisions.csv؛ نسخة الجداول تخالف المراجعات. رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line} (record {id}): {column} is {value} but its revision says {wanted}; the spreadsheet copy disagrees with the revisions. Refused</source>
        <translation>{entry}، السطر {line} (السجل {id}): {column} قيمته «{value}» ومراجعته تقول «{wanted}»؛ نسخة الجداول تخالف المراجعات. رُفضت الحزمة</translation>
    </message>
    <message>
        <source>{entry} line {line}: the row disagrees with its revision; refused</source>
        <translation>{entry}، السطر {line}: الصف يخالف مراجعته؛ رُفضت الحزمة</translation>
    </message>
    <message>
        <source>this database has no device identity yet; run `fieldapp init --name NAME --org ORGANISATION` first</source>
        <translation>ليس لقاعدة البيانات هذه هوية جهاز بعد؛ شغّل أولاً ‎`fieldapp init --name NAME --org ORGANISATION`</translation>
    </message>
    <message>
        <source>this database already has a device identity; use another --db for a new one</source>
        <translation>لقاعدة البيانات هذه هوية جهاز من قبل؛ استخدم ‎--db آخر لهوية جديدة</translation>
    </message>
    <message>
        <source>{path} is a folder; give a file name such as {text}</source>
        <translation>{path} مجلد؛ اكتب اسم ملف مثل {text}</translation>
    </message>
    <message>
        <source>give at least 8 characters of the fingerprint</source>
        <translation>اكتب ٨ أحرف على الأقل من البصمة</translation>
    </message>
    <message>
        <source>no known device with fingerprint {text}</source>
        <translation>لا يوجد جهاز معروف بالبصمة {text}</translation>
    </message>
    <message>
        <source>{text} matches several devices; give more of the fingerprint</source>
        <translation>{text} تطابق عدة أجهزة؛ اكتب جزءاً أطول من البصمة</translation>
    </message>
    <message>
        <source>this is this database&apos;s own key; it cannot be untrusted</source>
        <translation>هذا مفتاح قاعدة البيانات هذه نفسها؛ لا يمكن سحب الثقة منه</translation>
    </message>
    <message>
        <source>{path} is not a fieldapp database ({text}); choose another file</source>
        <translation>{path} ليس قاعدة بيانات fieldapp ‏({text})؛ اختر ملفاً آخر</translation>
    </message>
    <message>
        <source>{path} is busy: another fieldapp (or another program) is writing to it. Close it and try again; nothing was written</source>
        <translation>{path} مشغول: نسخة أخرى من fieldapp (أو برنامج آخر) تكتب فيه. أغلقها وحاول مرة أخرى؛ لم يُكتب شيء</translation>
    </message>
    <message>
        <source>the disk holding {path} is full; free some space and try again. Nothing was written</source>
        <translation>القرص الذي يحوي {path} ممتلئ؛ أفرغ بعض المساحة وحاول مرة أخرى. لم يُكتب شيء</translation>
    </message>
    <message>
        <source>{path} is read-only; copy it somewhere writable or fix permissions</source>
        <translation>{path} للقراءة فقط؛ انسخه إلى مكان قابل للكتابة أو عدّل الأذونات</translation>
    </message>
    <message>
        <source>the demo data goes only into an empty database; use --db with a new file</source>
        <translation>لا تُحمَّل البيانات التجريبية إلا في قاعدة بيانات فارغة؛ استخدم ‎--db مع ملف جديد</translation>
    </message>
    <message>
        <source>fieldapp&apos;s {text} folder is missing; reinstall fieldapp</source>
        <translation>مجلد {text} الخاص بـ fieldapp مفقود؛ أعد تثبيت fieldapp</translation>
    </message>
    <message>
        <source>no record with id {id}</source>
        <translation>لا يوجد سجل بالمعرّف {id}</translation>
    </message>
    <message>
        <source>record {id} was deleted; it cannot be edited</source>
        <translation>حُذف السجل {id}؛ لا يمكن تعديله</translation>
    </message>
    <message>
        <source>record {id} is already deleted</source>
        <translation>السجل {id} محذوف أصلاً</translation>
    </message>
    <message>
        <source>record {id} was deleted on one device and changed on another; resolve that conflict first (see `fieldapp conflicts`), then edit</source>
        <translation>حُذف السجل {id} على جهاز وعُدّل على جهاز آخر؛ احسم هذا التعارض أولاً (من صفحة التعارضات)، ثم عدّله</translation>
    </message>
    <message>
        <source>{value} is not a P-code: a P-code is capital letters then digits, such as SY07 or SY0702; leave it empty to have it filled from the name</source>
        <translation>{value} ليس رمزًا مكانيًا (P-code): الرمز المكاني حروف لاتينية كبيرة تليها أرقام، مثل SY07 أو SY0702؛ اتركه فارغًا ليُملأ من الاسم</translation>
    </message>
    <message>
        <source>P-code {value} is not in the places register at admin level {level}; check it, or load the COD-AB edition that has it (fieldapp places load)</source>
        <translation>الرمز المكاني {value} غير موجود في سجل الأماكن على المستوى الإداري {level}؛ تحقّق منه، أو حمّل إصدار COD-AB الذي يحويه (fieldapp places load)</translation>
    </message>
    <message>
        <source>P-code {value} is {unit}, an admin-{level} unit, not admin-{wanted}; put it in the admin-{level} field</source>
        <translation>الرمز المكاني {value} هو {unit}، وحدة من المستوى الإداري {level} لا {wanted}؛ ضعه في حقل المستوى الإداري {level}</translation>
    </message>
    <message>
        <source>P-code {value} is {unit}, not {name} (the register knows {name} as {named}); correct the name or the code, or leave the code empty to have it filled</source>
        <translation>الرمز المكاني {value} هو {unit} وليس {name} (يعرف السجل {name} باسم {named})؛ صحّح الاسم أو الرمز، أو اترك الرمز فارغًا ليُملأ</translation>
    </message>
    <message>
        <source>{unit} lies in {actual}, not in {named}; correct one of them, or leave the upper level empty to have it filled</source>
        <translation>{unit} يقع في {actual} وليس في {named}؛ صحّح أحدهما، أو اترك المستوى الأعلى فارغًا ليُملأ</translation>
    </message>
    <message>
        <source>{value} names more than one unit ({units}); give its P-code in {field}, or the level above it, to say which</source>
        <translation>{value} اسم لأكثر من وحدة ({units})؛ أدخل رمزها المكاني في {field}، أو المستوى الأعلى منها، لتحديد المقصودة</translation>
    </message>
    <message>
        <source>{value} is not an admin-{level} name the places register knows; it is kept as typed, without a P-code in {field}. Check the spelling, or give the P-code</source>
        <translation>{value} ليس اسمًا من المستوى الإداري {level} يعرفه سجل الأماكن؛ يُحفظ كما كُتب دون رمز مكاني في {field}. تحقّق من الإملاء، أو أدخل الرمز المكاني</translation>
    </message>
    <message>
        <source>{value} is {units}, which does not lie in {named}; it is kept as typed. Check the place and the levels above it</source>
        <translation>{value} هو {units}، ولا يقع في {named}؛ يُحفظ كما كُتب. تحقّق من المكان والمستويات الأعلى منه</translation>
    </message>
    <message>
        <source>the coordinates {lat}, {lon} lie {km} km outside {unit}; check the coordinates and the place</source>
        <translation>الإحداثيات {lat}، {lon} تقع على بعد {km} كم خارج {unit}؛ تحقّق من الإحداثيات والمكان</translation>
    </message>
    <message>
        <source>the coordinates {lat}, {lon} lie {km} km from {unit}; check the coordinates and the place</source>
        <translation>الإحداثيات {lat}، {lon} تقع على بعد {km} كم من {unit}؛ تحقّق من الإحداثيات والمكان</translation>
    </message>
    <message>
        <source>{path} is not a COD-AB table fieldapp can read: give the tabular XLSX from HDX (…_adminboundaries_tabulardata.xlsx), a CSV, or a folder or zip of per-level CSVs</source>
        <translation>{path} ليس جدول COD-AB يستطيع fieldapp قراءته: استخدم ملف XLSX الجدولي من HDX (…_adminboundaries_tabulardata.xlsx)، أو ملف CSV، أو مجلدًا أو ملف zip فيه ملف CSV لكل مستوى</translation>
    </message>
    <message>
        <source>{path} is not a COD-AB table: no sheet or CSV in it has an admin P-code column (admin1Pcode … admin4Pcode, or adm1_pcode …). Nothing was loaded</source>
        <translation>{path} ليس جدول COD-AB: لا توجد فيه ورقة ولا ملف CSV فيه عمود رمز مكاني إداري (admin1Pcode … admin4Pcode، أو adm1_pcode …). لم يُحمَّل شيء</translation>
    </message>
    <message>
        <source>{path} has P-code columns but not one usable unit ({count} rows left out); nothing was loaded</source>
        <translation>في {path} أعمدة رموز مكانية لكن لا وحدة واحدة صالحة للاستعمال (استُبعد {count} صفًا)؛ لم يُحمَّل شيء</translation>
    </message>
    <message>
        <source>{path}: the column {name} names admin level {number}; a COD-AB table has levels 0 to 4. Nothing was loaded</source>
        <translation>{path}: العمود {name} يسمّي المستوى الإداري {number}؛ جدول COD-AB فيه المستويات من 0 إلى 4. لم يُحمَّل شيء</translation>
    </message>
    <message>
        <source>{path} is refused: the entry {entry} is a link or points outside the archive. Nothing was loaded</source>
        <translation>رُفض {path}: العنصر {entry} رابط أو يشير إلى خارج الأرشيف. لم يُحمَّل شيء</translation>
    </message>
    <message>
        <source>{path} row {line}: no admin-{number} P-code; the row is left out</source>
        <translation>{path} الصف {line}: لا رمز مكاني للمستوى الإداري {number}؛ استُبعد الصف</translation>
    </message>
    <message>
        <source>{path} row {line}: {value} is not a P-code; the row is left out</source>
        <translation>{path} الصف {line}: {value} ليس رمزًا مكانيًا؛ استُبعد الصف</translation>
    </message>
    <message>
        <source>{path} row {line}: unit {value} has no name; the row is left out</source>
        <translation>{path} الصف {line}: الوحدة {value} بلا اسم؛ استُبعد الصف</translation>
    </message>
    <message>
        <source>{path} row {line}: P-code {value} names {unit} here and {other} at {entry}; the row is left out</source>
        <translation>{path} الصف {line}: الرمز المكاني {value} يسمّي {unit} هنا و{other} في {entry}؛ استُبعد الصف</translation>
    </message>
    <message>
        <source>{path} row {line}: {unit} lies in {value}, which the file does not have at admin level {number}; it is left out</source>
        <translation>{path} الصف {line}: {unit} يقع في {value}، وهي وحدة ليست في الملف على المستوى الإداري {number}؛ استُبعد</translation>
    </message>
    <message>
        <source>{path} is a shapefile; fieldapp reads boundaries as GeoJSON: take the GeoJSON from HDX, or convert it (QGIS: Export &gt; Save Features As… GeoJSON; or ogr2ogr -f GeoJSON out.geojson {path})</source>
        <translation>{path} ملف shapefile؛ يقرأ fieldapp الحدود بصيغة GeoJSON: خذ ملف GeoJSON من HDX، أو حوّله (QGIS: Export &gt; Save Features As… GeoJSON؛ أو ogr2ogr -f GeoJSON out.geojson {path})</translation>
    </message>
    <message>
        <source>{path} is not a GeoJSON FeatureCollection fieldapp can read ({text}); nothing was loaded</source>
        <translation>{path} ليس مجموعة معالم GeoJSON يستطيع fieldapp قراءتها ({text})؛ لم يُحمَّل شيء</translation>
    </message>
    <message>
        <source>the places register has no unit with the P-code or name {value}</source>
        <translation>لا وحدة في سجل الأماكن بالرمز المكاني أو الاسم {value}</translation>
    </message>
    <message>
        <source>{value} names more than one unit ({text}); give its P-code</source>
        <translation>{value} اسم لأكثر من وحدة ({text})؛ أدخل رمزها المكاني</translation>
    </message>
    <message>
        <source>can be completed ({text}); `fieldapp places check --fill` writes it</source>
        <translation>يمكن إكماله ({text})؛ يكتبه الأمر `fieldapp places check --fill`</translation>
    </message>
    <message>
        <source>can be completed ({text}), but its current version is {name}&apos;s: only `fieldapp places check --fill --all` writes it</source>
        <translation>يمكن إكماله ({text})، لكن نسخته الحالية لـ {name}: لا يكتبه إلا الأمر `fieldapp places check --fill --all`</translation>
    </message>
    <message>
        <source>can be completed ({text}), but the record has competing versions; resolve them first (fieldapp conflicts)</source>
        <translation>يمكن إكماله ({text})، لكن للسجل نسخًا متنافسة؛ احسمها أولًا (fieldapp conflicts)</translation>
    </message>
</context>
<context>
    <name>vocab</name>
    <message>
        <source>Departed</source>
        <translation>مغادرة</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>وصول</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>موجودون</translation>
    </message>
    <message>
        <source>Battles</source>
        <translation>معارك</translation>
    </message>
    <message>
        <source>Explosions/Remote violence</source>
        <translation>انفجارات/عنف عن بُعد</translation>
    </message>
    <message>
        <source>Violence against civilians</source>
        <translation>عنف ضد المدنيين</translation>
    </message>
    <message>
        <source>Protests</source>
        <translation>احتجاجات</translation>
    </message>
    <message>
        <source>Riots</source>
        <translation>أعمال شغب</translation>
    </message>
    <message>
        <source>Strategic developments</source>
        <translation>تطورات استراتيجية</translation>
    </message>
    <message>
        <source>Armed clash</source>
        <translation>اشتباك مسلح</translation>
    </message>
    <message>
        <source>Government regains territory</source>
        <translation>استعادة الحكومة السيطرة على أراضٍ</translation>
    </message>
    <message>
        <source>Non-state actor overtakes territory</source>
        <translation>سيطرة جهة غير حكومية على أراضٍ</translation>
    </message>
    <message>
        <source>Air/drone strike</source>
        <translation>غارة جوية/بطائرة مسيّرة</translation>
    </message>
    <message>
        <source>Shelling/artillery/missile attack</source>
        <translation>قصف مدفعي/صاروخي</translation>
    </message>
    <message>
        <source>Remote explosive/landmine/IED</source>
        <translation>عبوة ناسفة/لغم أرضي</translation>
    </message>
    <message>
        <source>Suicide bomb</source>
        <translation>تفجير انتحاري</translation>
    </message>
    <message>
        <source>Grenade</source>
        <translation>قنبلة يدوية</translation>
    </message>
    <message>
        <source>Chemical weapon</source>
        <translation>سلاح كيميائي</translation>
    </message>
    <message>
        <source>Attack</source>
        <translation>هجوم</translation>
    </message>
    <message>
        <source>Abduction/forced disappearance</source>
        <translation>اختطاف/إخفاء قسري</translation>
    </message>
    <message>
        <source>Sexual violence</source>
        <translation>عنف جنسي</translation>
    </message>
    <message>
        <source>Peaceful protest</source>
        <translation>احتجاج سلمي</translation>
    </message>
    <message>
        <source>Protest with intervention</source>
        <translation>احتجاج مع تدخّل</translation>
    </message>
    <message>
        <source>Excessive force against protesters</source>
        <translation>قوة مفرطة ضد المحتجين</translation>
    </message>
    <message>
        <source>Violent demonstration</source>
        <translation>مظاهرة عنيفة</translation>
    </message>
    <message>
        <source>Mob violence</source>
        <translation>عنف جماعي</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>اتفاق</translation>
    </message>
    <message>
        <source>Arrests</source>
        <translation>اعتقالات</translation>
    </message>
    <message>
        <source>Change to group/activity</source>
        <translation>تغيّر في جماعة/نشاط</translation>
    </message>
    <message>
        <source>Disrupted weapons use</source>
        <translation>إحباط استخدام أسلحة</translation>
    </message>
    <message>
        <source>Headquarters or base established</source>
        <translation>إنشاء مقر أو قاعدة</translation>
    </message>
    <message>
        <source>Looting/property destruction</source>
        <translation>نهب/تدمير ممتلكات</translation>
    </message>
    <message>
        <source>Non-violent transfer of territory</source>
        <translation>انتقال أراضٍ دون عنف</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>أخرى</translation>
    </message>
    <message>
        <source>Residential building</source>
        <translation>مبنى سكني</translation>
    </message>
    <message>
        <source>School</source>
        <translation>مدرسة</translation>
    </message>
    <message>
        <source>Mosque</source>
        <translation>مسجد</translation>
    </message>
    <message>
        <source>Church</source>
        <translation>كنيسة</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>مستشفى</translation>
    </message>
    <message>
        <source>Health facility</source>
        <translation>منشأة صحية</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>سوق</translation>
    </message>
    <message>
        <source>Bakery</source>
        <translation>مخبز</translation>
    </message>
    <message>
        <source>Displacement camp</source>
        <translation>مخيم نزوح</translation>
    </message>
    <message>
        <source>Shelter</source>
        <translation>مأوى</translation>
    </message>
    <message>
        <source>Water facility</source>
        <translation>منشأة مياه</translation>
    </message>
    <message>
        <source>Power facility</source>
        <translation>منشأة كهرباء</translation>
    </message>
    <message>
        <source>Road or bridge</source>
        <translation>طريق أو جسر</translation>
    </message>
    <message>
        <source>Farmland</source>
        <translation>أراضٍ زراعية</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>مركبة</translation>
    </message>
    <message>
        <source>Government building</source>
        <translation>مبنى حكومي</translation>
    </message>
    <message>
        <source>Military position</source>
        <translation>موقع عسكري</translation>
    </message>
    <message>
        <source>Departed from this place</source>
        <translation>غادروا هذا المكان</translation>
    </message>
    <message>
        <source>Arrived at this place</source>
        <translation>وصلوا إلى هذا المكان</translation>
    </message>
    <message>
        <source>Present at this place</source>
        <translation>موجودون في هذا المكان</translation>
    </message>
    <message>
        <source>Exact day</source>
        <translation>اليوم بالتحديد</translation>
    </message>
    <message>
        <source>Within a week</source>
        <translation>خلال أسبوع</translation>
    </message>
    <message>
        <source>Within a month</source>
        <translation>خلال شهر</translation>
    </message>
    <message>
        <source>Exact location</source>
        <translation>الموقع بالتحديد</translation>
    </message>
    <message>
        <source>Near the location</source>
        <translation>قرب الموقع</translation>
    </message>
    <message>
        <source>Within the region</source>
        <translation>ضمن المنطقة الأوسع</translation>
    </message>
</context>
</TS>
