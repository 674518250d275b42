<#
.SYNOPSIS
    Installiert kibericht für den angemeldeten Benutzer – ohne Administratorrechte.

.DESCRIPTION
    Kopiert den Programmordner (aus packaging/bauen.py, als Ordner oder Zip) nach
    %LOCALAPPDATA%\Programs\kibericht, legt im Startmenü die Verknüpfung „kibericht“ an (startet
    „kibericht web“: die Seiten im Browser) und nimmt den Ordner auf Wunsch in den PATH des
    Benutzers auf (dann geht „kibericht“ in jeder Eingabeaufforderung).

    Eine vorhandene Installation wird ersetzt (Update): der neue Ordner wird erst vollständig
    kopiert und dann an die Stelle des alten gesetzt. Daten liegen nie im Programmordner
    (ki.toml, Nachweise, Berichte und die Ablage liegen im Arbeitsordner), ein Update und eine
    Deinstallation lassen sie unberührt.

.PARAMETER Quelle
    Der gebaute Programmordner (der Ordner mit kibericht.exe) oder das Zip aus bauen.py --zip.
    Standard: der Ordner „kibericht“ neben diesem Skript.

.PARAMETER Arbeitsordner
    Der Ordner, in dem die Verknüpfung startet: dort liegt die ki.toml des KI (oft auf dem
    Abteilungslaufwerk, z. B. \\server\ki\kibericht). Standard: Dokumente\kibericht.

.PARAMETER Ziel
    Wohin installiert wird. Standard: %LOCALAPPDATA%\Programs\kibericht.

.PARAMETER Pfad
    Den Programmordner zusätzlich in den PATH des Benutzers aufnehmen (bleibt bei späteren
    Updates erhalten; entfernt wird er mit -Deinstallieren).

.PARAMETER Deinstallieren
    Programmordner, Verknüpfung und PATH-Eintrag entfernen (die Daten im Arbeitsordner bleiben).

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File installieren.ps1 -Quelle kibericht-0.1.0-windows-x64.zip -Arbeitsordner \\server\ki\kibericht -Pfad

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File installieren.ps1 -Deinstallieren
#>
[CmdletBinding()]
param(
    [string]$Quelle = (Join-Path $PSScriptRoot "kibericht"),
    [string]$Arbeitsordner = (Join-Path ([Environment]::GetFolderPath("MyDocuments")) "kibericht"),
    [string]$Ziel = (Join-Path $env:LOCALAPPDATA "Programs\kibericht"),
    [switch]$Pfad,
    [switch]$Deinstallieren
)

$ErrorActionPreference = "Stop"
$Startmenue = Join-Path ([Environment]::GetFolderPath("Programs")) "kibericht"

function Stop-Mit([string]$Meldung) {
    Write-Host "Fehler: $Meldung" -ForegroundColor Red
    exit 2
}

function Test-Laeuft([string]$Ordner) {
    # a running kibericht.exe keeps its files open: Windows would refuse to replace them
    $exe = Join-Path $Ordner "kibericht.exe"
    return [bool](Get-Process -Name kibericht -ErrorAction SilentlyContinue |
                  Where-Object { $_.Path -eq $exe })
}

function Set-BenutzerPfad([bool]$Aufnehmen) {
    $alt = [Environment]::GetEnvironmentVariable("Path", "User")
    $teile = @($alt -split ";" | Where-Object { $_ -and ($_.TrimEnd("\") -ne $Ziel.TrimEnd("\")) })
    if ($Aufnehmen) { $teile += $Ziel }
    $neu = $teile -join ";"
    if ($neu -ne $alt) { [Environment]::SetEnvironmentVariable("Path", $neu, "User") }
}

if ($Deinstallieren) {
    if (Test-Laeuft $Ziel) { Stop-Mit "kibericht läuft noch. Beenden Sie es (Fenster schließen) und versuchen Sie es erneut." }
    if (Test-Path $Startmenue) { Remove-Item $Startmenue -Recurse -Force }
    Set-BenutzerPfad $false
    if (Test-Path $Ziel) { Remove-Item $Ziel -Recurse -Force }
    Write-Host "kibericht ist entfernt. Die Daten im Arbeitsordner sind unverändert."
    exit 0
}

# the build: a folder with kibericht.exe, or the zip of bauen.py --zip (kibericht\kibericht.exe inside)
$Temp = $null
if ((Test-Path $Quelle -PathType Leaf) -and ($Quelle -like "*.zip")) {
    $Temp = Join-Path ([IO.Path]::GetTempPath()) ("kibericht-" + [guid]::NewGuid())
    Expand-Archive -Path $Quelle -DestinationPath $Temp
    $Quelle = Join-Path $Temp "kibericht"
}
try {
    if (-not (Test-Path (Join-Path $Quelle "kibericht.exe"))) {
        Stop-Mit "In „$Quelle“ liegt kein kibericht.exe. Geben Sie mit -Quelle den gebauten Ordner oder das Zip an."
    }
    if (Test-Laeuft $Ziel) { Stop-Mit "kibericht läuft noch. Beenden Sie es (Fenster schließen) und versuchen Sie es erneut." }

    # copy completely first, then swap: an interrupted update leaves the old version working
    $Neu = "$Ziel.neu"
    $Alt = "$Ziel.alt"
    foreach ($rest in @($Neu, $Alt)) { if (Test-Path $rest) { Remove-Item $rest -Recurse -Force } }
    New-Item -ItemType Directory -Path (Split-Path $Ziel) -Force | Out-Null
    Copy-Item -Path $Quelle -Destination $Neu -Recurse
    # files from a downloaded zip carry the mark of the web; SmartScreen would ask at every start
    Get-ChildItem -Path $Neu -Recurse -File | Unblock-File
    if (Test-Path $Ziel) { Rename-Item -Path $Ziel -NewName (Split-Path $Alt -Leaf) }
    Rename-Item -Path $Neu -NewName (Split-Path $Ziel -Leaf)
    if (Test-Path $Alt) { Remove-Item $Alt -Recurse -Force }

    $exe = Join-Path $Ziel "kibericht.exe"
    $version = (& $exe --version) 2>&1
    if ($LASTEXITCODE -ne 0) { Stop-Mit "Das installierte kibericht startet nicht: $version" }

    # Start menu: "kibericht" opens the pages in the browser; its window shows the address and
    # ends the server when it is closed
    if (-not (Test-Path $Arbeitsordner)) {
        try { New-Item -ItemType Directory -Path $Arbeitsordner -Force | Out-Null }
        catch { Stop-Mit "Der Arbeitsordner „$Arbeitsordner“ lässt sich nicht anlegen ($($_.Exception.Message))." }
    }
    New-Item -ItemType Directory -Path $Startmenue -Force | Out-Null
    $shell = New-Object -ComObject WScript.Shell
    $link = $shell.CreateShortcut((Join-Path $Startmenue "kibericht.lnk"))
    $link.TargetPath = $exe
    $link.Arguments = "web"
    $link.WorkingDirectory = $Arbeitsordner
    $link.IconLocation = "$exe,0"
    $link.Description = "kibericht im Browser (Berichtspflicht und Förder-Controlling)"
    $link.Save()

    if ($Pfad) { Set-BenutzerPfad $true }
    Write-Host "Installiert: $version in $Ziel"
    Write-Host "Startmenü: kibericht (startet im Ordner $Arbeitsordner)"
    if ($Pfad) { Write-Host "Der Befehl kibericht gilt in neu geöffneten Eingabeaufforderungen." }
}
finally {
    if ($Temp -and (Test-Path $Temp)) { Remove-Item $Temp -Recurse -Force }
}
