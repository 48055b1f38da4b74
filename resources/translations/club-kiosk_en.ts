<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
  <context>
    <name>ManualEntryScreen</name>
    <message numerus="yes">
      <source>%n order(s) ready to redeem</source>
      <translation>
        <numerusform>%n order ready to redeem</numerusform>
        <numerusform>%n orders ready to redeem</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n other match(es)</source>
      <translation>
        <numerusform>%n other match</numerusform>
        <numerusform>%n other matches</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>PinPad</name>
    <message numerus="yes">
      <source>%n digit(s) entered</source>
      <translation>
        <numerusform>%n digit entered</numerusform>
        <numerusform>%n digits entered</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SettingsScreen</name>
    <message numerus="yes">
      <source>Clock: %n s ahead of the cloud.</source>
      <translation>
        <numerusform>Clock: %n s ahead of the cloud.</numerusform>
        <numerusform>Clock: %n s ahead of the cloud.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Clock: %n s behind the cloud.</source>
      <translation>
        <numerusform>Clock: %n s behind the cloud.</numerusform>
        <numerusform>Clock: %n s behind the cloud.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n drink(s) waiting</source>
      <translation>
        <numerusform>%n drink waiting</numerusform>
        <numerusform>%n drinks waiting</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SignInScreen</name>
    <message numerus="yes">
      <source>Too many wrong PINs. Try again in %n second(s).</source>
      <translation>
        <numerusform>Too many wrong PINs. Try again in %n second.</numerusform>
        <numerusform>Too many wrong PINs. Try again in %n seconds.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Wrong PIN. %n more attempt(s) before the pad locks.</source>
      <translation>
        <numerusform>Wrong PIN. %n more attempt before the pad locks.</numerusform>
        <numerusform>Wrong PIN. %n more attempts before the pad locks.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>StatusBand</name>
    <message numerus="yes">
      <source>%n drink(s) waiting</source>
      <translation>
        <numerusform>%n drink waiting</numerusform>
        <numerusform>%n drinks waiting</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>StatusStrip</name>
    <message numerus="yes">
      <source>%n unsent</source>
      <translation>
        <numerusform>%n unsent</numerusform>
        <numerusform>%n unsent</numerusform>
      </translation>
    </message>
  </context>
</TS>