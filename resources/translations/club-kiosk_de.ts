<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>BarsPanel</name>
    <message>
        <source>Other bars</source>
        <translation>Andere Bars</translation>
    </message>
    <message>
        <source>linked</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>Also found on the LAN through DNS-SD.</source>
        <translation>Auch im lokalen Netz über DNS-SD gefunden.</translation>
    </message>
    <message>
        <source>DNS-SD off: %1</source>
        <translation>DNS-SD aus: %1</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>Pour</source>
        <translation>Ausschenken</translation>
    </message>
    <message>
        <source>Already redeemed</source>
        <translation>Schon eingelöst</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Not valid yet</source>
        <translation>Noch nicht gültig</translation>
    </message>
    <message>
        <source>Wrong venue</source>
        <translation>Falsches Lokal</translation>
    </message>
    <message>
        <source>Fake code</source>
        <translation>Gefälschter Code</translation>
    </message>
    <message>
        <source>Unknown code</source>
        <translation>Unbekannter Code</translation>
    </message>
    <message>
        <source>Code withdrawn</source>
        <translation>Code zurückgezogen</translation>
    </message>
    <message>
        <source>Refunded or reissued</source>
        <translation>Erstattet oder ersetzt</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>Bestellung storniert</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>Nicht bezahlt</translation>
    </message>
    <message>
        <source>Unknown order</source>
        <translation>Unbekannte Bestellung</translation>
    </message>
    <message>
        <source>Not a drink code</source>
        <translation>Kein Getränkecode</translation>
    </message>
    <message>
        <source>Kiosk problem</source>
        <translation>Kiosk-Problem</translation>
    </message>
    <message>
        <source>Drink codes last 24 hours. Do not pour; the guest can contact support in the app.</source>
        <translation>Getränkecodes gelten 24 Stunden. Nicht ausschenken; der Gast kann sich in der App an den Support wenden.</translation>
    </message>
    <message>
        <source>The phone's code is dated in the future. Check this kiosk's clock; do not pour.</source>
        <translation>Der Code ist in die Zukunft datiert. Uhr dieses Kiosks prüfen; nicht ausschenken.</translation>
    </message>
    <message>
        <source>This drink was bought for another venue. Do not pour.</source>
        <translation>Dieses Getränk wurde für ein anderes Lokal gekauft. Nicht ausschenken.</translation>
    </message>
    <message>
        <source>The code was not issued by Club. Do not pour; tell a manager.</source>
        <translation>Der Code stammt nicht von Club. Nicht ausschenken; Leitung informieren.</translation>
    </message>
    <message>
        <source>This kiosk does not know the code's key. Do not pour; a sync may fix it.</source>
        <translation>Dieser Kiosk kennt den Schlüssel des Codes nicht. Nicht ausschenken; eine Synchronisierung kann helfen.</translation>
    </message>
    <message>
        <source>The key behind this code was withdrawn. Do not pour.</source>
        <translation>Der Schlüssel dieses Codes wurde zurückgezogen. Nicht ausschenken.</translation>
    </message>
    <message>
        <source>This drink was refunded or replaced by a newer code. Ask for the newest code in the app.</source>
        <translation>Dieses Getränk wurde erstattet oder durch einen neueren Code ersetzt. Nach dem neuesten Code in der App fragen.</translation>
    </message>
    <message>
        <source>The order was cancelled or refunded. Do not pour.</source>
        <translation>Die Bestellung wurde storniert oder erstattet. Nicht ausschenken.</translation>
    </message>
    <message>
        <source>Payment has not gone through yet. Ask the guest to wait a moment and scan again.</source>
        <translation>Die Zahlung ist noch nicht durch. Gast bitten, kurz zu warten und erneut zu scannen.</translation>
    </message>
    <message>
        <source>This kiosk does not know the order and cannot ask the cloud. Try manual entry, or ask a manager.</source>
        <translation>Dieser Kiosk kennt die Bestellung nicht und kann die Cloud nicht fragen. Manuelle Eingabe versuchen oder Leitung fragen.</translation>
    </message>
    <message>
        <source>This QR code is not a Club drink. Ask for the drink code in the Club app.</source>
        <translation>Dieser QR-Code ist kein Club-Getränk. Nach dem Getränkecode in der Club-App fragen.</translation>
    </message>
    <message>
        <source>The kiosk could not record this scan. Do not pour; scan again or tell a manager.</source>
        <translation>Der Kiosk konnte diesen Scan nicht buchen. Nicht ausschenken; erneut scannen oder Leitung informieren.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>vor %1 Min.</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>vor %1 Std.</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>Eingelöst</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Double pour</source>
        <translation>Doppelt ausgeschenkt</translation>
    </message>
    <message>
        <source>Rejected by cloud</source>
        <translation>Von der Cloud abgelehnt</translation>
    </message>
    <message>
        <source>Refused scan</source>
        <translation>Abgelehnter Scan</translation>
    </message>
    <message>
        <source>Another bar is unreachable</source>
        <translation>Andere Bar nicht erreichbar</translation>
    </message>
    <message>
        <source>Strict mode: no drink is poured while another bar cannot be reached. Do not pour; the code stays valid. Tell a manager.</source>
        <translation>Strenger Modus: Kein Ausschank, solange eine andere Bar nicht erreichbar ist. Nicht ausschenken; der Code bleibt gültig. Leitung informieren.</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>Storniert.</translation>
    </message>
    <message>
        <source>Only a manager can void.</source>
        <translation>Nur die Leitung kann stornieren.</translation>
    </message>
    <message>
        <source>Give a reason for the void.</source>
        <translation>Bitte einen Grund für die Stornierung angeben.</translation>
    </message>
    <message>
        <source>This shift</source>
        <translation>Diese Schicht</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 Stunden</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>All staff</source>
        <translation>Alle Mitarbeitenden</translation>
    </message>
    <message>
        <source>Staff filter</source>
        <translation>Filter Mitarbeitende</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Gespeichert: %1</translation>
    </message>
    <message>
        <source>Shift report PDF</source>
        <translation>Schichtbericht PDF</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>Eingelöst</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Double pours</source>
        <translation>Doppelt ausgeschenkt</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Refused scans</source>
        <translation>Abgelehnte Scans</translation>
    </message>
    <message>
        <source>Redemptions</source>
        <translation>Einlösungen</translation>
    </message>
    <message>
        <source>Drinks</source>
        <translation>Getränke</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Recorded offline</source>
        <translation>Offline gebucht</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>Nothing in this period.</source>
        <translation>Nichts in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>Redemption details</source>
        <translation>Einlösung im Detail</translation>
    </message>
    <message>
        <source>Poured here</source>
        <translation>Hier ausgeschenkt</translation>
    </message>
    <message>
        <source>Counted by the cloud (first)</source>
        <translation>Von der Cloud gezählt (zuerst)</translation>
    </message>
    <message>
        <source>(offline)</source>
        <translation>(offline)</translation>
    </message>
    <message>
        <source>The same drink was poured twice while the bars could not reach each other. The cloud counts the first; this kiosk's pour is the extra one.</source>
        <translation>Dasselbe Getränk wurde zweimal ausgeschenkt, während die Theken sich nicht erreichen konnten. Die Cloud zählt den ersten Ausschank; der dieses Kiosks ist der zusätzliche.</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Reason for the void (required)</source>
        <translation>Grund der Stornierung (Pflicht)</translation>
    </message>
    <message>
        <source>Reason for the void</source>
        <translation>Grund der Stornierung</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Stornieren</translation>
    </message>
    <message>
        <source>Spilled</source>
        <translation>Verschüttet</translation>
    </message>
    <message>
        <source>Wrong drink</source>
        <translation>Falsches Getränk</translation>
    </message>
    <message>
        <source>Test scan</source>
        <translation>Testscan</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Export this view for the accountant</source>
        <translation>Diese Ansicht für die Buchhaltung exportieren</translation>
    </message>
    <message>
        <source>CSV: every row shown. PDF: totals, the chart and the rows. Plug in a USB stick to see it here.</source>
        <translation>CSV: alle angezeigten Zeilen. PDF: Summen, Diagramm und Zeilen. Einen USB-Stick einstecken, damit er hier erscheint.</translation>
    </message>
    <message>
        <source>%1 MB free</source>
        <translation>%1 MB frei</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Export CSV to %1</source>
        <translation>CSV nach %1 exportieren</translation>
    </message>
    <message>
        <source>Export the shift report to %1</source>
        <translation>Schichtbericht nach %1 exportieren</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>noch nicht gesendet</translation>
    </message>
    <message>
        <source>refused by the cloud</source>
        <translation>von der Cloud abgelehnt</translation>
    </message>
    <message>
        <source>never uploaded</source>
        <translation>nie hochgeladen</translation>
    </message>
    <message>
        <source>Everything this kiosk holds</source>
        <translation>Alles, was dieser Kiosk gespeichert hat</translation>
    </message>
    <message>
        <source>This shift: since %1 (shifts start at %2)</source>
        <translation>Diese Schicht: seit %1 (Schichtbeginn %2)</translation>
    </message>
    <message>
        <source>Since %1</source>
        <translation>Seit %1</translation>
    </message>
    <message>
        <source>this bar</source>
        <translation>dieser Theke</translation>
    </message>
    <message>
        <source>Marked resolved.</source>
        <translation>Als erledigt markiert.</translation>
    </message>
    <message>
        <source>Only a manager can resolve a double pour.</source>
        <translation>Nur die Leitung kann einen Doppelausschank erledigen.</translation>
    </message>
    <message>
        <source>Write a note: what happened, what was done.</source>
        <translation>Eine Notiz schreiben: was geschah, was getan wurde.</translation>
    </message>
    <message>
        <source>Typed</source>
        <translation>Eingetippt</translation>
    </message>
    <message>
        <source>Drinks: %1</source>
        <translation>Getränke: %1</translation>
    </message>
    <message>
        <source>Staff: %1</source>
        <translation>Personal: %1</translation>
    </message>
    <message>
        <source>%1 %2 (%3 drinks)</source>
        <translation>%1 %2 (%3 Getränke)</translation>
    </message>
    <message>
        <source>typed</source>
        <translation>eingetippt</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>%1 by %2 at %3%4</source>
        <translation>%1 von %2 an %3%4</translation>
    </message>
    <message>
        <source>%1 by %2 at %3</source>
        <translation>%1 von %2 an %3</translation>
    </message>
    <message>
        <source>Resolved by %1 at %2: %3</source>
        <translation>Erledigt von %1 um %2: %3</translation>
    </message>
    <message>
        <source>Note: what happened, what was done</source>
        <translation>Notiz: was geschah, was getan wurde</translation>
    </message>
    <message>
        <source>Note for the double pour</source>
        <translation>Notiz zum Doppelausschank</translation>
    </message>
    <message>
        <source>Mark resolved</source>
        <translation>Als erledigt markieren</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <source>%1:00, %2</source>
        <translation>%1:00 Uhr, %2</translation>
    </message>
    <message>
        <source>Redemptions per hour</source>
        <translation>Einlösungen pro Stunde</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Club Kiosk</source>
        <translation>Club Kiosk</translation>
    </message>
</context>
<context>
    <name>ManualEntryScreen</name>
    <message>
        <source>Manual entry</source>
        <translation>Manuelle Eingabe</translation>
    </message>
    <message>
        <source>Guest's name, phone's last four digits, or the code</source>
        <translation>Name des Gastes, letzte vier Ziffern der Telefonnummer oder der Code</translation>
    </message>
    <message>
        <source>e.g. Alex or 0142</source>
        <translation>z. B. Alex oder 0142</translation>
    </message>
    <message>
        <source>Search or code</source>
        <translation>Suche oder Code</translation>
    </message>
    <message>
        <source>Check this as a code</source>
        <translation>Als Code prüfen</translation>
    </message>
    <message>
        <source>Type at least two characters to search</source>
        <translation>Für die Suche mindestens zwei Zeichen eingeben</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) ready to redeem</source>
        <translation><numerusform>%n Bestellung einlösbar</numerusform><numerusform>%n Bestellungen einlösbar</numerusform></translation>
    </message>
    <message>
        <source>phone …%1</source>
        <translation>Telefon …%1</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>Einlösen</translation>
    </message>
    <message>
        <source>Redeem for %1</source>
        <translation>Einlösen für %1</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft …</translation>
    </message>
    <message numerus="yes">
        <source>%n other match(es)</source>
        <translation><numerusform>%n weiterer Treffer</numerusform><numerusform>%n weitere Treffer</numerusform></translation>
    </message>
    <message>
        <source>Redeemed %1 %2</source>
        <translation>Eingelöst %1 %2</translation>
    </message>
    <message>
        <source>here</source>
        <translation>hier</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>an %1</translation>
    </message>
    <message>
        <source>at another bar</source>
        <translation>an einer anderen Theke</translation>
    </message>
    <message>
        <source>Already redeemed</source>
        <translation>Schon eingelöst</translation>
    </message>
    <message>
        <source>Not paid yet</source>
        <translation>Noch nicht bezahlt</translation>
    </message>
    <message>
        <source>Check the guest</source>
        <translation>Gast prüfen</translation>
    </message>
    <message>
        <source>Ask for the name in the guest's Club app, or the last four digits of their phone. Pour only if they match.</source>
        <translation>Nach dem Namen in der Club-App des Gastes fragen oder nach den letzten vier Ziffern seiner Telefonnummer. Nur ausschenken, wenn sie passen.</translation>
    </message>
    <message>
        <source>It matches: check the order</source>
        <translation>Passt: Bestellung prüfen</translation>
    </message>
    <message>
        <source>Does not match</source>
        <translation>Passt nicht</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>PIN pad</source>
        <translation>PIN-Tastatur</translation>
    </message>
    <message>
        <source>Enter PIN</source>
        <translation>PIN eingeben</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) entered</source>
        <translation><numerusform>%n Ziffer eingegeben</numerusform><numerusform>%n Ziffern eingegeben</numerusform></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>Scanning</source>
        <translation>Scannen</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft …</translation>
    </message>
    <message>
        <source>Hold the drink code inside the frame</source>
        <translation>Getränkecode in den Rahmen halten</translation>
    </message>
    <message>
        <source>No camera: use a hand scanner or manual entry</source>
        <translation>Keine Kamera: Handscanner oder manuelle Eingabe nutzen</translation>
    </message>
    <message>
        <source>Confirm mode: tap Pour after each OK</source>
        <translation>Bestätigungsmodus: nach jedem OK „Ausschenken“ tippen</translation>
    </message>
    <message>
        <source>Instant mode: OK is recorded at once</source>
        <translation>Sofortmodus: OK wird sofort gebucht</translation>
    </message>
    <message>
        <source>Type or find a code</source>
        <translation>Code eingeben oder suchen</translation>
    </message>
    <message>
        <source>%1 frames/s · %2 dropped</source>
        <translation>%1 Bilder/s · %2 verworfen</translation>
    </message>
    <message>
        <source>Same code: checked %1</source>
        <translation>Derselbe Code: geprüft %1</translation>
    </message>
    <message>
        <source>Camera not working: use the hand scanner or type the code</source>
        <translation>Kamera funktioniert nicht: Handscanner nutzen oder Code eintippen</translation>
    </message>
    <message>
        <source>Undo last pour (%1 s)</source>
        <translation>Letzten Ausschank rückgängig (%1 s)</translation>
    </message>
    <message>
        <source>Camera: %1 · trying again</source>
        <translation>Kamera: %1 · neuer Versuch läuft</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>After an OK</source>
        <translation>Nach einem OK</translation>
    </message>
    <message>
        <source>Record at once</source>
        <translation>Sofort buchen</translation>
    </message>
    <message>
        <source>Ask for Pour</source>
        <translation>Ausschank bestätigen</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>Töne</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Sperren nach</translation>
    </message>
    <message>
        <source>1 min</source>
        <translation>1 Min.</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 Min.</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 Min.</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>Default camera</source>
        <translation>Standardkamera</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>Camera changes apply when the kiosk restarts.</source>
        <translation>Kameraänderungen gelten nach dem Neustart des Kiosks.</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Paired with %1 as %2</source>
        <translation>Gekoppelt mit %1 als %2</translation>
    </message>
    <message>
        <source>Not paired: this kiosk works on its own.</source>
        <translation>Nicht gekoppelt: Dieser Kiosk arbeitet eigenständig.</translation>
    </message>
    <message>
        <source>Server address, https://…</source>
        <translation>Serveradresse, https://…</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Pairing code from the venue dashboard</source>
        <translation>Kopplungscode aus dem Lokal-Dashboard</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>Kopplungscode</translation>
    </message>
    <message>
        <source>Pairing…</source>
        <translation>Wird gekoppelt …</translation>
    </message>
    <message>
        <source>Pair with the cloud</source>
        <translation>Mit der Cloud koppeln</translation>
    </message>
    <message>
        <source>Paired. Orders and staff arrive with the next sync.</source>
        <translation>Gekoppelt. Bestellungen und Mitarbeitende kommen mit der nächsten Synchronisierung.</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>No frames yet.</source>
        <translation>Noch keine Bilder.</translation>
    </message>
    <message>
        <source>%1 frames seen, %2 with a code, %3 dropped while busy, %4 frames/s</source>
        <translation>%1 Bilder gesehen, %2 mit Code, %3 verworfen (beschäftigt), %4 Bilder/s</translation>
    </message>
    <message>
        <source>Decode times: %1</source>
        <translation>Erkennungszeiten: %1</translation>
    </message>
    <message>
        <source>Clock: in step with the cloud.</source>
        <translation>Uhr: im Takt mit der Cloud.</translation>
    </message>
    <message numerus="yes">
        <source>Clock: %n s ahead of the cloud.</source>
        <translation><numerusform>Uhr: %n s vor der Cloud.</numerusform><numerusform>Uhr: %n s vor der Cloud.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Clock: %n s behind the cloud.</source>
        <translation><numerusform>Uhr: %n s hinter der Cloud.</numerusform><numerusform>Uhr: %n s hinter der Cloud.</numerusform></translation>
    </message>
    <message>
        <source>More than codes allow: set the time (NTP).</source>
        <translation>Mehr als Codes erlauben: Uhrzeit stellen (NTP).</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>Letzte Synchronisierung %1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Jetzt synchronisieren</translation>
    </message>
    <message numerus="yes">
        <source>%n drink(s) waiting</source>
        <translation><numerusform>%n Getränk wartet</numerusform><numerusform>%n Getränke warten</numerusform></translation>
    </message>
    <message>
        <source>Shift starts</source>
        <translation>Schichtbeginn</translation>
    </message>
</context>
<context>
    <name>Setup</name>
    <message>
        <source>Club Kiosk setup</source>
        <translation>Club-Kiosk-Einrichtung</translation>
    </message>
    <message>
        <source>No camera: read the setup code with a hand scanner, or type it.</source>
        <translation>Keine Kamera: den Einrichtungscode mit einem Handscanner lesen oder eintippen.</translation>
    </message>
    <message>
        <source>Paired with %1</source>
        <translation>Gekoppelt mit %1</translation>
    </message>
    <message>
        <source>Pairing…</source>
        <translation>Wird gekoppelt …</translation>
    </message>
    <message>
        <source>Scan the setup code</source>
        <translation>Einrichtungscode scannen</translation>
    </message>
    <message>
        <source>Starting the kiosk…</source>
        <translation>Der Kiosk startet …</translation>
    </message>
    <message>
        <source>On the venue dashboard open Devices → Add a kiosk, and hold the code it shows in front of the camera.</source>
        <translation>Im Lokal-Dashboard Geräte → Kiosk hinzufügen öffnen und den angezeigten Code vor die Kamera halten.</translation>
    </message>
    <message>
        <source>Type it instead</source>
        <translation>Stattdessen eintippen</translation>
    </message>
    <message>
        <source>Server address, https://…</source>
        <translation>Serveradresse, https://…</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Pairing code, e.g. 483-219-k7q</source>
        <translation>Kopplungscode, z. B. 483-219-k7q</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>Kopplungscode</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>Koppeln</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs. Try again in %n second(s).</source>
        <translation><numerusform>Zu viele falsche PINs. Erneut versuchen in %n Sekunde.</numerusform><numerusform>Zu viele falsche PINs. Erneut versuchen in %n Sekunden.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n more attempt(s) before the pad locks.</source>
        <translation><numerusform>Falsche PIN. Noch %n Versuch, dann wird gesperrt.</numerusform><numerusform>Falsche PIN. Noch %n Versuche, dann wird gesperrt.</numerusform></translation>
    </message>
    <message>
        <source>This person is no longer on the staff list.</source>
        <translation>Diese Person steht nicht mehr auf der Personalliste.</translation>
    </message>
    <message>
        <source>This PIN cannot be checked on this kiosk. Ask a manager.</source>
        <translation>Diese PIN kann auf diesem Kiosk nicht geprüft werden. Leitung fragen.</translation>
    </message>
    <message>
        <source>The kiosk could not check the PIN. Try again.</source>
        <translation>Der Kiosk konnte die PIN nicht prüfen. Bitte erneut versuchen.</translation>
    </message>
    <message>
        <source>Locked after inactivity.</source>
        <translation>Nach Inaktivität gesperrt.</translation>
    </message>
    <message>
        <source>Who is at the bar?</source>
        <translation>Wer steht an der Theke?</translation>
    </message>
    <message>
        <source>%1, manager</source>
        <translation>%1, Leitung</translation>
    </message>
    <message>
        <source>No staff yet. The staff list arrives with the first sync.</source>
        <translation>Noch keine Mitarbeitenden. Die Liste kommt mit der ersten Synchronisierung.</translation>
    </message>
    <message>
        <source>Demo venue. PINs: %1</source>
        <translation>Demo-Lokal. PINs: %1</translation>
    </message>
    <message>
        <source>PIN for %1</source>
        <translation>PIN für %1</translation>
    </message>
    <message>
        <source>Choose your name first</source>
        <translation>Zuerst den eigenen Namen wählen</translation>
    </message>
    <message>
        <source>A code was scanned, but nobody is signed in. Sign in, then scan it again.</source>
        <translation>Ein Code wurde gescannt, aber niemand ist angemeldet. Erst anmelden, dann erneut scannen.</translation>
    </message>
    <message>
        <source>More names</source>
        <translation>Weitere Namen</translation>
    </message>
</context>
<context>
    <name>StatusBand</name>
    <message>
        <source>last sync %1</source>
        <translation>letzte Synchronisierung %1</translation>
    </message>
    <message>
        <source>DISK FULL · drinks cannot be recorded · call a manager</source>
        <translation>SPEICHER VOLL · Getränke können nicht erfasst werden · Leitung rufen</translation>
    </message>
    <message>
        <source>DATABASE FAULT · drinks cannot be recorded · call a manager</source>
        <translation>DATENBANKFEHLER · Getränke können nicht erfasst werden · Leitung rufen</translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation>OFFLINE</translation>
    </message>
    <message>
        <source>NOT PAIRED · the cloud no longer accepts this kiosk</source>
        <translation>NICHT GEKOPPELT · die Cloud nimmt diesen Kiosk nicht mehr an</translation>
    </message>
    <message>
        <source>NOT SYNCING since %1</source>
        <translation>KEINE SYNCHRONISIERUNG seit %1</translation>
    </message>
    <message>
        <source>CONNECTION UNSTABLE</source>
        <translation>VERBINDUNG INSTABIL</translation>
    </message>
    <message>
        <source>CLOCK OFF by %1 s · codes may be judged wrongly · call a manager</source>
        <translation>UHR FALSCH um %1 s · Codes werden evtl. falsch beurteilt · Leitung rufen</translation>
    </message>
    <message numerus="yes">
        <source>%n drink(s) waiting</source>
        <translation><numerusform>%n Getränk wartet</numerusform><numerusform>%n Getränke warten</numerusform></translation>
    </message>
    <message>
        <source>%1 of %2 bars reachable</source>
        <translation>%1 von %2 Bars erreichbar</translation>
    </message>
    <message>
        <source>%1 OF %2 BARS REACHABLE · a code poured at the others may not be refused here</source>
        <translation>%1 VON %2 BARS ERREICHBAR · dort Gezapftes wird hier evtl. nicht abgelehnt</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <source>Status and navigation</source>
        <translation>Status und Navigation</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Connection unstable</source>
        <translation>Verbindung instabil</translation>
    </message>
    <message>
        <source>Offline – scans are saved</source>
        <translation>Offline – Scans werden gespeichert</translation>
    </message>
    <message>
        <source>Not paired</source>
        <translation>Nicht gekoppelt</translation>
    </message>
    <message>
        <source>Local only</source>
        <translation>Nur lokal</translation>
    </message>
    <message>
        <source>On duty: %1</source>
        <translation>Im Dienst: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n unsent</source>
        <translation><numerusform>%n nicht gesendet</numerusform><numerusform>%n nicht gesendet</numerusform></translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>letzte Synchronisierung %1</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Scannen</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manuell</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>%1 of %2 bars</source>
        <translation>%1 von %2 Bars</translation>
    </message>
</context>
<context>
    <name>VerdictOverlay</name>
    <message>
        <source>The cloud reports this order as already redeemed.</source>
        <translation>Laut Cloud ist diese Bestellung schon eingelöst.</translation>
    </message>
    <message>
        <source>unknown staff</source>
        <translation>unbekannte Person</translation>
    </message>
    <message>
        <source>at this bar</source>
        <translation>an dieser Theke</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>an %1</translation>
    </message>
    <message>
        <source>phone …%1</source>
        <translation>Telefon …%1</translation>
    </message>
    <message>
        <source>Recorded on this kiosk; the cloud will be told when it is reachable.</source>
        <translation>Auf diesem Kiosk gebucht; die Cloud erfährt es, sobald sie erreichbar ist.</translation>
    </message>
    <message>
        <source>Recorded.</source>
        <translation>Gebucht.</translation>
    </message>
    <message>
        <source>Nothing is recorded until you tap Pour.</source>
        <translation>Gebucht wird erst, wenn „Ausschenken“ getippt wird.</translation>
    </message>
    <message>
        <source>Pour</source>
        <translation>Ausschenken</translation>
    </message>
    <message>
        <source>Undo (%1 s)</source>
        <translation>Rückgängig (%1 s)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Next guest</source>
        <translation>Nächster Gast</translation>
    </message>
    <message>
        <source>Scanned by %1 · %2</source>
        <translation>Gescannt von %1 · %2</translation>
    </message>
    <message>
        <source>POUR</source>
        <translation>AUSSCHENKEN</translation>
    </message>
    <message>
        <source>DON'T POUR</source>
        <translation>NICHT AUSSCHENKEN</translation>
    </message>
    <message>
        <source>CHECK</source>
        <translation>PRÜFEN</translation>
    </message>
    <message>
        <source>at another bar</source>
        <translation>an einer anderen Theke</translation>
    </message>
    <message>
        <source>Valid drink code</source>
        <translation>Gültiger Getränkecode</translation>
    </message>
    <message>
        <source>Valid code: tap Pour to record it</source>
        <translation>Gültiger Code: zum Erfassen Ausschenken tippen</translation>
    </message>
    <message>
        <source>Not used, nothing recorded</source>
        <translation>Nicht verwendet, nichts erfasst</translation>
    </message>
    <message>
        <source>Undone: the pour was voided</source>
        <translation>Rückgängig: der Ausschank wurde storniert</translation>
    </message>
    <message>
        <source>You already poured this, %1</source>
        <translation>Schon von dir ausgeschenkt, %1</translation>
    </message>
    <message>
        <source>Already redeemed</source>
        <translation>Schon eingelöst</translation>
    </message>
    <message>
        <source>Already poured %1, %2</source>
        <translation>Schon ausgeschenkt %1, %2</translation>
    </message>
    <message>
        <source>Pour was not tapped in time. If you poured anyway, scan the code again and tap Pour.</source>
        <translation>Ausschenken wurde nicht rechtzeitig getippt. Falls trotzdem ausgeschenkt: Code erneut scannen und Ausschenken tippen.</translation>
    </message>
    <message>
        <source>The code can be scanned again.</source>
        <translation>Der Code kann erneut gescannt werden.</translation>
    </message>
    <message>
        <source>The same guest's code again. Nothing new was recorded.</source>
        <translation>Derselbe Code desselben Gastes. Nichts Neues erfasst.</translation>
    </message>
    <message>
        <source>First poured at %1 %2 by %3.</source>
        <translation>Zuerst ausgeschenkt um %1 %2 von %3.</translation>
    </message>
    <message>
        <source>Scan again</source>
        <translation>Nochmal scannen</translation>
    </message>
    <message>
        <source>Find by name</source>
        <translation>Nach Namen suchen</translation>
    </message>
    <message>
        <source>Manager called: keep this screen</source>
        <translation>Leitung gerufen: Anzeige stehen lassen</translation>
    </message>
    <message>
        <source>Call manager</source>
        <translation>Leitung rufen</translation>
    </message>
    <message>
        <source>▼ more – swipe up</source>
        <translation>▼ mehr – nach oben wischen</translation>
    </message>
    <message>
        <source>Same code: checked %1</source>
        <translation>Derselbe Code: geprüft %1</translation>
    </message>
    <message>
        <source>Checked offline</source>
        <translation>Offline geprüft</translation>
    </message>
    <message>
        <source>Typed by %1 · %2</source>
        <translation>Eingetippt von %1 · %2</translation>
    </message>
</context>
<context>
    <name>kiosk::app::HistoryModel</name>
    <message>
        <source>End-of-shift report</source>
        <translation>Schichtbericht</translation>
    </message>
    <message>
        <source>End-of-shift report — %1</source>
        <translation>Schichtbericht — %1</translation>
    </message>
    <message>
        <source>Period %1 to %2 · kiosk %3 · printed by %4</source>
        <translation>Zeitraum %1 bis %2 · Kiosk %3 · gedruckt von %4</translation>
    </message>
    <message>
        <source>Redemptions</source>
        <translation>Einlösungen</translation>
    </message>
    <message>
        <source>Drinks</source>
        <translation>Getränke</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Double pours</source>
        <translation>Doppelt ausgeschenkt</translation>
    </message>
    <message>
        <source>Recorded offline</source>
        <translation>Offline gebucht</translation>
    </message>
    <message>
        <source>Rejected scans</source>
        <translation>Abgelehnte Scans</translation>
    </message>
    <message>
        <source>Redemptions per hour</source>
        <translation>Einlösungen pro Stunde</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>first: %1</source>
        <translation>zuerst: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1: %2 redemptions, %3 drinks</source>
        <translation>%1: %2 Einlösungen, %3 Getränke</translation>
    </message>
    <message>
        <source>Per drink</source>
        <translation>Pro Getränk</translation>
    </message>
    <message>
        <source>Per person</source>
        <translation>Pro Person</translation>
    </message>
    <message>
        <source>resolved: %1</source>
        <translation>erledigt: %1</translation>
    </message>
    <message>
        <source>typed</source>
        <translation>eingetippt</translation>
    </message>
</context>
<context>
    <name>kiosk::app::SetupController</name>
    <message>
        <source>That is not a setup code. Scan the setup code the venue dashboard shows for a new kiosk.</source>
        <translation>Das ist kein Einrichtungscode. Den Einrichtungscode scannen, den das Lokal-Dashboard für einen neuen Kiosk zeigt.</translation>
    </message>
    <message>
        <source>This setup code is for a newer Club Kiosk: update this kiosk, then scan it again.</source>
        <translation>Dieser Einrichtungscode ist für einen neueren Club Kiosk: diesen Kiosk aktualisieren und dann erneut scannen.</translation>
    </message>
    <message>
        <source>Type the pairing code from the venue dashboard.</source>
        <translation>Den Kopplungscode aus dem Lokal-Dashboard eintippen.</translation>
    </message>
</context>
</TS>