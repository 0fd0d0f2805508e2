; Inno Setup script for CoCity Workshop on Windows. Build the app folder first (packaging\windows\build.ps1),
; then compile this script with Inno Setup 6: iscc packaging\windows\cocity-workshop.iss
#define AppName "CoCity Workshop"
#define AppId "eu.cocity.Workshop"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=CoCity Workshop contributors
DefaultDirName={autopf}\CoCity Workshop
DefaultGroupName=CoCity Workshop
OutputDir=..\..\dist
OutputBaseFilename=CoCityWorkshop-{#AppVersion}-setup
SetupIconFile=cocity-workshop.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "czech"; MessagesFile: "compiler:Languages\Czech.isl"

[Files]
Source: "..\..\dist\cocity-workshop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\CoCity Workshop"; Filename: "{app}\cocity-workshop.exe"
Name: "{autodesktop}\CoCity Workshop"; Filename: "{app}\cocity-workshop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Registry]
; Double-clicking a .cocity file opens the workshop.
Root: HKA; Subkey: "Software\Classes\.cocity"; ValueType: string; ValueName: ""; ValueData: "CoCityWorkshop.File"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\CoCityWorkshop.File"; ValueType: string; ValueName: ""; ValueData: "CoCity workshop"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\CoCityWorkshop.File\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\cocity-workshop.exe,0"
Root: HKA; Subkey: "Software\Classes\CoCityWorkshop.File\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\cocity-workshop.exe"" ""%1"""

[Run]
; Phones reach the laptop on the workshop's port: allow the app on private networks (not public ones).
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall add rule name=""CoCity Workshop"" dir=in action=allow program=""{app}\cocity-workshop.exe"" profile=private"; Flags: runhidden; StatusMsg: "Allowing phones on private networks..."
Filename: "{app}\cocity-workshop.exe"; Description: "{cm:LaunchProgram,CoCity Workshop}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall delete rule name=""CoCity Workshop"""; Flags: runhidden; RunOnceId: "RemoveFirewallRule"
