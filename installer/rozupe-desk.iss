; Inno Setup script: turns dist\rozupe-desk\ into one setup file for Windows.
; Build the folder first (py scripts\build_installer.py), then either
;   py scripts\build_installer.py --installer      (runs iscc when Inno Setup 6 is installed)
; or compile this file in the Inno Setup IDE. The result is dist\rozupe-desk-setup-VERSION.exe.
; It installs for the current user only (no administrator needed); the library's data stays
; in %LOCALAPPDATA%\Rozupe\RozupeDesk and is not touched by installing, updating or removing.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B0F3C52-4E0B-4F7A-9C3B-2D7A1E5B9F41}
AppName=Rožupe Desk
AppVersion={#AppVersion}
AppPublisher=Līvānu novada Centrālā bibliotēka
DefaultDirName={autopf}\Rožupe Desk
DefaultGroupName=Rožupe Desk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=rozupe-desk-setup-{#AppVersion}
SetupIconFile=..\resources\icons\rozupe-desk.ico
UninstallDisplayIcon={app}\rozupe-desk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
; Inno Setup ships no Latvian messages; put Latvian.isl (from the unofficial translations on
; jrsoftware.org) beside this file and uncomment the line below to offer it first.
; Name: "latvian"; MessagesFile: "Latvian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\rozupe-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Rožupe Desk"; Filename: "{app}\rozupe-desk.exe"
Name: "{autodesktop}\Rožupe Desk"; Filename: "{app}\rozupe-desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\rozupe-desk.exe"; Description: "{cm:LaunchProgram,Rožupe Desk}"; Flags: nowait postinstall skipifsilent
