; NSIS include for the Windows installer: Hashiya appears in "Open with" for .json files (a corpus
; manifest is hashiya.json) without becoming the default program for JSON.
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\Hashiya.Corpus" "" "Hashiya corpus manifest"
  WriteRegStr SHCTX "Software\Classes\Hashiya.Corpus\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\Hashiya.Corpus\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Classes\.json\OpenWithProgids" "Hashiya.Corpus" ""
!macroend

!macro customUnInstall
  DeleteRegValue SHCTX "Software\Classes\.json\OpenWithProgids" "Hashiya.Corpus"
  DeleteRegKey SHCTX "Software\Classes\Hashiya.Corpus"
!macroend
