#!/usr/bin/env python3
"""Fills club-kiosk_de.ts from the table below (run after `--target kiosk_app_lupdate`) and writes
club-kiosk_en.ts (English plural forms only).
Fails, naming them, when a source string has no German yet: the second language stays complete."""
import sys
import xml.etree.ElementTree as ET

DE = {
    # The setup screen (a kiosk without a database).
    "Club Kiosk setup": "Club-Kiosk-Einrichtung",
    "No camera: read the setup code with a hand scanner, or type it.": "Keine Kamera: den Einrichtungscode mit einem Handscanner lesen oder eintippen.",
    "Paired with %1": "Gekoppelt mit %1",
    "Scan the setup code": "Einrichtungscode scannen",
    "Starting the kiosk…": "Der Kiosk startet …",
    "On the venue dashboard open Devices → Add a kiosk, and hold the code it shows in front of the camera.": "Im Lokal-Dashboard Geräte → Kiosk hinzufügen öffnen und den angezeigten Code vor die Kamera halten.",
    "Type it instead": "Stattdessen eintippen",
    "Pairing code, e.g. 483-219-k7q": "Kopplungscode, z. B. 483-219-k7q",
    "Pair": "Koppeln",
    "That is not a setup code. Scan the setup code the venue dashboard shows for a new kiosk.": "Das ist kein Einrichtungscode. Den Einrichtungscode scannen, den das Lokal-Dashboard für einen neuen Kiosk zeigt.",
    "This setup code is for a newer Club Kiosk: update this kiosk, then scan it again.": "Dieser Einrichtungscode ist für einen neueren Club Kiosk: diesen Kiosk aktualisieren und dann erneut scannen.",
    "Type the pairing code from the venue dashboard.": "Den Kopplungscode aus dem Lokal-Dashboard eintippen.",
    "Guest's name, phone's last four digits, or the code": "Name des Gastes, letzte vier Ziffern der Telefonnummer oder der Code",
    "The phone's code is dated in the future. Check this kiosk's clock; do not pour.": "Der Code ist in die Zukunft datiert. Uhr dieses Kiosks prüfen; nicht ausschenken.",
    "The same drink was poured twice while the bars could not reach each other. The cloud counts the first; this kiosk's pour is the extra one.": "Dasselbe Getränk wurde zweimal ausgeschenkt, während die Theken sich nicht erreichen konnten. Die Cloud zählt den ersten Ausschank; der dieses Kiosks ist der zusätzliche.",
    "This kiosk does not know the code's key. Do not pour; a sync may fix it.": "Dieser Kiosk kennt den Schlüssel des Codes nicht. Nicht ausschenken; eine Synchronisierung kann helfen.",
    "%1 by %2 on %3%4": "%1 von %2 an %3%4",
    "%1 by %2 on %3": "%1 von %2 an %3",
    "%1 frames seen, %2 with a code, %3 dropped while busy, %4 frames/s": "%1 Bilder gesehen, %2 mit Code, %3 verworfen (beschäftigt), %4 Bilder/s",
    "%1 frames/s · %2 dropped": "%1 Bilder/s · %2 verworfen",
    "%1 h ago": "vor %1 Std.",
    "%1 min ago": "vor %1 Min.",
    "%1 s ago": "vor %1 s",
    "%1, manager": "%1, Leitung",
    "%1:00, %2": "%1:00 Uhr, %2",
    "%n digit(s) entered": ("%n Ziffer eingegeben", "%n Ziffern eingegeben"),
    "%n order(s) ready to redeem": ("%n Bestellung einlösbar", "%n Bestellungen einlösbar"),
    "%n unsent": ("%n nicht gesendet", "%n nicht gesendet"),
    "Clock: %n s ahead of the cloud.": ("Uhr: %n s vor der Cloud.", "Uhr: %n s vor der Cloud."),
    "Clock: %n s behind the cloud.": ("Uhr: %n s hinter der Cloud.", "Uhr: %n s hinter der Cloud."),
    "Clock: in step with the cloud.": "Uhr: im Takt mit der Cloud.",
    "sent": "gesendet",
    "not sent yet": "noch nicht gesendet",
    "refused by the cloud": "von der Cloud abgelehnt",
    "never uploaded": "nie hochgeladen",
    "More than codes allow: set the time (NTP).": "Mehr als Codes erlauben: Uhrzeit stellen (NTP).",
    "Disk full: drinks cannot be recorded. Call a manager.": "Speicher voll: Getränke können nicht erfasst werden. Leitung rufen.",
    "The database cannot be written: drinks cannot be recorded. Call a manager.": "Die Datenbank ist nicht beschreibbar: Getränke können nicht erfasst werden. Leitung rufen.",
    "Uploads failing since %1, every drink is kept: %2": "Hochladen scheitert seit %1, kein Getränk geht verloren: %2",
    "(offline)": "(offline)",
    "1 min": "1 Min.",
    "15 min": "15 Min.",
    "24 hours": "24 Stunden",
    "5 min": "5 Min.",
    "7 days": "7 Tage",
    "After an OK": "Nach einem OK",
    "All staff": "Alle Mitarbeitenden",
    "All": "Alles",
    "Already redeemed": "Schon eingelöst",
    "Ask for Pour": "Ausschank bestätigen",
    "Camera changes apply when the kiosk restarts.": "Kameraänderungen gelten nach dem Neustart des Kiosks.",
    "Camera": "Kamera",
    "Cancel": "Abbrechen",
    "Check this as a code": "Als Code prüfen",
    "Searching…": "Suche läuft …",
    "Export…": "Exportieren …",
    "Export": "Export",
    "Export this view for the accountant": "Diese Ansicht für die Buchhaltung exportieren",
    "CSV: every row shown. PDF: totals, the chart and the rows. Plug in a USB stick to see it here.": "CSV: alle angezeigten Zeilen. PDF: Summen, Diagramm und Zeilen. Einen USB-Stick einstecken, damit er hier erscheint.",
    "%1 MB free": "%1 MB frei",
    "CSV": "CSV",
    "Export CSV to %1": "CSV nach %1 exportieren",
    "Export the shift report to %1": "Schichtbericht nach %1 exportieren",
    "A code was scanned, but nobody is signed in. Sign in, then scan it again.": "Ein Code wurde gescannt, aber niemand ist angemeldet. Erst anmelden, dann erneut scannen.",
    "Checking…": "Wird geprüft …",
    "Choose your name first": "Zuerst den eigenen Namen wählen",
    "Clear": "Leeren",
    "Close": "Schließen",
    "Cloud": "Cloud",
    "Club Kiosk": "Club Kiosk",
    "Code withdrawn": "Code zurückgezogen",
    "Confirm mode: tap Pour after each OK": "Bestätigungsmodus: nach jedem OK „Ausschenken“ tippen",
    "Connection unstable": "Verbindung instabil",
    "Counted by the cloud (first)": "Von der Cloud gezählt (zuerst)",
    "Decode times: %1": "Erkennungszeiten: %1",
    "Default camera": "Standardkamera",
    "Delete": "Löschen",
    "Demo venue. PINs: %1": "Demo-Lokal. PINs: %1",
    "Do not pour again.": "Nicht noch einmal ausschenken.",
    "Double pour": "Doppelt ausgeschenkt",
    "Double pours": "Doppelt ausgeschenkt",
    "Drink codes last 24 hours. Do not pour; the guest can contact support in the app.": "Getränkecodes gelten 24 Stunden. Nicht ausschenken; der Gast kann sich in der App an den Support wenden.",
    "Drinks": "Getränke",
    "End-of-shift report — %1": "Schichtbericht — %1",
    "End-of-shift report": "Schichtbericht",
    "Enter PIN": "PIN eingeben",
    "Everything": "Alles",
    "Expired": "Abgelaufen",
    "Fake code": "Gefälschter Code",
    "First poured at %1 (%2), %3, by %4.": "Zuerst ausgeschenkt um %1 (%2), %3, von %4.",
    "Give a reason for the void.": "Bitte einen Grund für die Stornierung angeben.",
    "History": "Verlauf",
    "Hold the drink code inside the frame": "Getränkecode in den Rahmen halten",
    "Instant mode: OK is recorded at once": "Sofortmodus: OK wird sofort gebucht",
    "Kiosk problem": "Kiosk-Problem",
    "Language": "Sprache",
    "Local only": "Nur lokal",
    "Lock after": "Sperren nach",
    "Lock": "Sperren",
    "Locked after inactivity.": "Nach Inaktivität gesperrt.",
    "Manual entry": "Manuelle Eingabe",
    "Manual": "Manuell",
    "Never": "Nie",
    "Next guest": "Nächster Gast",
    "No camera: use a hand scanner or manual entry": "Keine Kamera: Handscanner oder manuelle Eingabe nutzen",
    "No frames yet.": "Noch keine Bilder.",
    "No staff yet. The staff list arrives with the first sync.": "Noch keine Mitarbeitenden. Die Liste kommt mit der ersten Synchronisierung.",
    "Not a drink code": "Kein Getränkecode",
    "Not paid": "Nicht bezahlt",
    "Not paired": "Nicht gekoppelt",
    "Not paired: this kiosk works on its own.": "Nicht gekoppelt: Dieser Kiosk arbeitet eigenständig.",
    "Not valid yet": "Noch nicht gültig",
    "Note": "Hinweis",
    "Nothing in this period.": "Nichts in diesem Zeitraum.",
    "Nothing is recorded until you tap Pour.": "Gebucht wird erst, wenn „Ausschenken“ getippt wird.",
    "OK – pour": "OK – ausschenken",
    "OK – pour?": "OK – ausschenken?",
    "Off": "Aus",
    "Offline – scans are saved": "Offline – Scans werden gespeichert",
    "Offline": "Offline",
    "On duty: %1": "Im Dienst: %1",
    "On": "An",
    "Online": "Online",
    "Only a manager can void.": "Nur die Leitung kann stornieren.",
    "Order cancelled": "Bestellung storniert",
    "PIN for %1": "PIN für %1",
    "PIN pad": "PIN-Tastatur",
    "Pair with the cloud": "Mit der Cloud koppeln",
    "Paired with %1 as %2": "Gekoppelt mit %1 als %2",
    "Paired. Orders and staff arrive with the next sync.": "Gekoppelt. Bestellungen und Mitarbeitende kommen mit der nächsten Synchronisierung.",
    "Pairing code from the venue dashboard": "Kopplungscode aus dem Lokal-Dashboard",
    "Pairing code": "Kopplungscode",
    "Pairing…": "Wird gekoppelt …",
    "Payment has not gone through yet. Ask the guest to wait a moment and scan again.": "Die Zahlung ist noch nicht durch. Gast bitten, kurz zu warten und erneut zu scannen.",
    "Period %1 to %2 · kiosk %3 · printed by %4": "Zeitraum %1 bis %2 · Kiosk %3 · gedruckt von %4",
    "Pour": "Ausschenken",
    "Poured here": "Hier ausgeschenkt",
    "Reason for the void (required)": "Grund der Stornierung (Pflicht)",
    "Reason for the void": "Grund der Stornierung",
    "Reason: %1": "Grund: %1",
    "Recipient": "Empfänger",
    "Record at once": "Sofort buchen",
    "Recorded offline": "Offline gebucht",
    "Recorded on this kiosk; the cloud will be told when it is reachable.": "Auf diesem Kiosk gebucht; die Cloud erfährt es, sobald sie erreichbar ist.",
    "Recorded.": "Gebucht.",
    "Redeem for %1": "Einlösen für %1",
    "Redeem": "Einlösen",
    "Redeemed": "Eingelöst",
    "Redemption details": "Einlösung im Detail",
    "Redemptions per hour": "Einlösungen pro Stunde",
    "Redemptions": "Einlösungen",
    "Refunded or reissued": "Erstattet oder ersetzt",
    "Refused scan": "Abgelehnter Scan",
    "Refused scans": "Abgelehnte Scans",
    "Rejected by cloud": "Von der Cloud abgelehnt",
    "Rejected scans": "Abgelehnte Scans",
    "Resolution": "Auflösung",
    "Saved %1": "Gespeichert: %1",
    "Scan": "Scannen",
    "Scanned by %1 · %2": "Gescannt von %1 · %2",
    "Scanner": "Scanner",
    "Scanning": "Scannen",
    "Search or code": "Suche oder Code",
    "Server address": "Serveradresse",
    "Server address, https://…": "Serveradresse, https://…",
    "Settings": "Einstellungen",
    "Shift report PDF": "Schichtbericht PDF",
    "Sign in": "Anmelden",
    "Sounds": "Töne",
    "Space": "Leerzeichen",
    "Spilled": "Verschüttet",
    "Staff filter": "Filter Mitarbeitende",
    "Staff": "Personal",
    "Status and navigation": "Status und Navigation",
    "Status": "Status",
    "Test scan": "Testscan",
    "The cloud reports this order as already redeemed.": "Laut Cloud ist diese Bestellung schon eingelöst.",
    "The code was not issued by Club. Do not pour; tell a manager.": "Der Code stammt nicht von Club. Nicht ausschenken; Leitung informieren.",
    "The key behind this code was withdrawn. Do not pour.": "Der Schlüssel dieses Codes wurde zurückgezogen. Nicht ausschenken.",
    "The kiosk could not check the PIN. Try again.": "Der Kiosk konnte die PIN nicht prüfen. Bitte erneut versuchen.",
    "The kiosk could not record this scan. Do not pour; scan again or tell a manager.": "Der Kiosk konnte diesen Scan nicht buchen. Nicht ausschenken; erneut scannen oder Leitung informieren.",
    "The order was cancelled or refunded. Do not pour.": "Die Bestellung wurde storniert oder erstattet. Nicht ausschenken.",
    "The redemption was voided; the code can be scanned again.": "Die Einlösung wurde storniert; der Code kann erneut gescannt werden.",
    "This PIN cannot be checked on this kiosk. Ask a manager.": "Diese PIN kann auf diesem Kiosk nicht geprüft werden. Leitung fragen.",
    "This QR code is not a Club drink. Ask for the drink code in the Club app.": "Dieser QR-Code ist kein Club-Getränk. Nach dem Getränkecode in der Club-App fragen.",
    "This drink was bought for another venue. Do not pour.": "Dieses Getränk wurde für ein anderes Lokal gekauft. Nicht ausschenken.",
    "This drink was refunded or replaced by a newer code. Ask for the newest code in the app.": "Dieses Getränk wurde erstattet oder durch einen neueren Code ersetzt. Nach dem neuesten Code in der App fragen.",
    "This kiosk does not know the order and cannot ask the cloud. Try manual entry, or ask a manager.": "Dieser Kiosk kennt die Bestellung nicht und kann die Cloud nicht fragen. Manuelle Eingabe versuchen oder Leitung fragen.",
    "This person is no longer on the staff list.": "Diese Person steht nicht mehr auf der Personalliste.",
    "This shift": "Diese Schicht",
    "Time": "Zeit",
    "Too many wrong PINs. Try again in %n second(s).": ("Zu viele falsche PINs. Erneut versuchen in %n Sekunde.", "Zu viele falsche PINs. Erneut versuchen in %n Sekunden."),
    "Type at least two characters to search": "Für die Suche mindestens zwei Zeichen eingeben",
    "Type or find a code": "Code eingeben oder suchen",
    "Undo (%1 s)": "Rückgängig (%1 s)",
    "Undone – do not pour": "Rückgängig – nicht ausschenken",
    "Unknown code": "Unbekannter Code",
    "Unknown order": "Unbekannte Bestellung",
    "Value": "Wert",
    "Void": "Stornieren",
    "Voided": "Storniert",
    "Voided.": "Storniert.",
    "Who is at the bar?": "Wer steht an der Theke?",
    "More names": "Weitere Namen",
    "Wrong PIN. %n more attempt(s) before the pad locks.": ("Falsche PIN. Noch %n Versuch, dann wird gesperrt.", "Falsche PIN. Noch %n Versuche, dann wird gesperrt."),
    "Wrong drink": "Falsches Getränk",
    "Wrong venue": "Falsches Lokal",
    "at %1": "an %1",
    "at this bar": "an dieser Theke",
    "e.g. Alex or 0142": "z. B. Alex oder 0142",
    "first: %1": "zuerst: %1",
    "last sync %1": "letzte Synchronisierung %1",
    "never": "nie",
    "none": "keine",
    "offline": "offline",
    "phone …%1": "Telefon …%1",
    "unknown staff": "unbekannte Person",
    # Issue 13: verdicts that say what to do, the status band, the scanner's state.
    "POUR": "AUSSCHENKEN",
    "DON'T POUR": "NICHT AUSSCHENKEN",
    "CHECK": "PRÜFEN",
    "at another bar": "an einer anderen Theke",
    "Valid drink code": "Gültiger Getränkecode",
    "Valid code: tap Pour to record it": "Gültiger Code: zum Erfassen Ausschenken tippen",
    "Not used, nothing recorded": "Nicht verwendet, nichts erfasst",
    "Undone: the pour was voided": "Rückgängig: der Ausschank wurde storniert",
    "You already poured this, %1": "Schon von dir ausgeschenkt, %1",
    "Already poured %1, %2": "Schon ausgeschenkt %1, %2",
    "Pour was not tapped in time. If you poured anyway, scan the code again and tap Pour.": "Ausschenken wurde nicht rechtzeitig getippt. Falls trotzdem ausgeschenkt: Code erneut scannen und Ausschenken tippen.",
    "The code can be scanned again.": "Der Code kann erneut gescannt werden.",
    "The same guest's code again. Nothing new was recorded.": "Derselbe Code desselben Gastes. Nichts Neues erfasst.",
    "First poured at %1 %2 by %3.": "Zuerst ausgeschenkt um %1 %2 von %3.",
    "Scan again": "Nochmal scannen",
    "Find by name": "Nach Namen suchen",
    "Manager called: keep this screen": "Leitung gerufen: Anzeige stehen lassen",
    "Call manager": "Leitung rufen",
    "▼ more – swipe up": "▼ mehr – nach oben wischen",
    "Same code: checked %1": "Derselbe Code: geprüft %1",
    "Checked offline": "Offline geprüft",
    "Typed by %1 · %2": "Eingetippt von %1 · %2",
    "Camera not working: use the hand scanner or type the code": "Kamera funktioniert nicht: Handscanner nutzen oder Code eintippen",
    "Undo last pour (%1 s)": "Letzten Ausschank rückgängig (%1 s)",
    "Last sync %1": "Letzte Synchronisierung %1",
    "%n drink(s) waiting": ("%n Getränk wartet", "%n Getränke warten"),
    "Last error: %1": "Letzter Fehler: %1",
    "Sync now": "Jetzt synchronisieren",
    "DISK FULL · drinks cannot be recorded · call a manager": "SPEICHER VOLL · Getränke können nicht erfasst werden · Leitung rufen",
    "DATABASE FAULT · drinks cannot be recorded · call a manager": "DATENBANKFEHLER · Getränke können nicht erfasst werden · Leitung rufen",
    "OFFLINE": "OFFLINE",
    "NOT PAIRED · the cloud no longer accepts this kiosk": "NICHT GEKOPPELT · die Cloud nimmt diesen Kiosk nicht mehr an",
    "NOT SYNCING since %1": "KEINE SYNCHRONISIERUNG seit %1",
    "CONNECTION UNSTABLE": "VERBINDUNG INSTABIL",
    "CLOCK OFF by %1 s · codes may be judged wrongly · call a manager": "UHR FALSCH um %1 s · Codes werden evtl. falsch beurteilt · Leitung rufen",
}

path = sys.argv[1] if len(sys.argv) > 1 else "club-kiosk_de.ts"
tree = ET.parse(path)
missing = []
for message in tree.iter("message"):
    source = message.find("source").text
    translation = message.find("translation")
    if translation is None:
        translation = ET.SubElement(message, "translation")
    for child in list(translation):
        translation.remove(child)
    translation.attrib.pop("type", None)
    if message.find("location") is None and translation.get("type") == "vanished":
        continue
    if source not in DE:
        missing.append(source)
        translation.set("type", "unfinished")
        continue
    text = DE[source]
    if message.get("numerus") == "yes":
        forms = text if isinstance(text, tuple) else (text, text)
        translation.text = None
        for form in forms:
            ET.SubElement(translation, "numerusform").text = form
    else:
        translation.text = text
tree.write(path, encoding="utf-8", xml_declaration=True)

# English needs a translation file too, for plurals only: "%n order(s)" becomes "1 order" and
# "2 orders". Written next to the German from the same source strings.
english = ET.Element("TS", {"version": "2.1", "language": "en_GB"})
for context in tree.iter("context"):
    plurals = [m for m in context.iter("message") if m.get("numerus") == "yes"]
    if not plurals:
        continue
    out = ET.SubElement(english, "context")
    ET.SubElement(out, "name").text = context.find("name").text
    for message in plurals:
        source = message.find("source").text
        m = ET.SubElement(out, "message", {"numerus": "yes"})
        ET.SubElement(m, "source").text = source
        if message.find("comment") is not None:
            ET.SubElement(m, "comment").text = message.find("comment").text
        translation = ET.SubElement(m, "translation")
        for form in (source.replace("(s)", ""), source.replace("(s)", "s")):
            ET.SubElement(translation, "numerusform").text = form
ET.indent(english)
ET.ElementTree(english).write(path.replace("_de.ts", "_en.ts"), encoding="utf-8", xml_declaration=True)

if missing:
    print("no German for:", *missing, sep="\n  ")
    sys.exit(1)
print("club-kiosk_de.ts: every string translated; club-kiosk_en.ts: English plurals")
