package browser

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/corskit/corskit/internal/fetchspec"
)

// observedOrders are header lists as Chromium 156 put them on the wire (HTTP/1.1 keeps
// the order of its request-header list, which is the order in which it checks them
// against Access-Control-Allow-Headers), recorded by a raw TCP server from requests a
// page at http://127.0.0.1 made with fetch() or XMLHttpRequest (headers set in the
// order given), reduced to the page's own headers. Targets on 127.0.0.1 and localhost
// are potentially trustworthy (Blink adds the Sec-CH-UA client hints); nt.test was
// mapped to 127.0.0.1 with --host-resolver-rules and is not. Names span 1 to 200
// characters, so every branch of the hash runs, and the last lines put a name of each
// boundary length of the hash (1–4, 7–9, 15–17, 23–25, 31–33, 47–49 characters) among
// short ones, then seven names of 24 characters (48 bytes, the edge of the long-input
// loop).
var observedOrders = []struct {
	xhr    bool
	target string
	set    []string // in the order the page set them
	wire   []string // as Chromium sent them
}{
	{false, "http://127.0.0.1:8080/", []string{"X-A", "X-B"}, []string{"x-a", "x-b"}},
	{false, "http://127.0.0.1:8080/", []string{"X-Z", "X-Custom", "X-A"}, []string{"x-custom", "x-z", "x-a"}},
	{false, "http://127.0.0.1:8080/", []string{"Authorization", "Z-B"}, []string{"z-b", "authorization"}},
	{false, "http://127.0.0.1:8080/", []string{"Authorization", "A-B"}, []string{"authorization", "a-b"}},
	{false, "http://127.0.0.1:8080/", []string{"a", "B", "c", "D", "e"}, []string{"e", "d", "b", "c", "a"}},
	{false, "http://127.0.0.1:8080/", []string{"3x", "Y1NNYoebC3x", "2yobx", "L.$zzpm5x", "sx", "x", "RyBoFrWT9|Hik8x9BM+unVkc|MFqbw%16n3dex", "^Osx"}, []string{"rybofrwt9|hik8x9bm+unvkc|mfqbw%16n3dex", "sx", "^osx", "x", "2yobx", "l.$zzpm5x", "y1nnyoebc3x", "3x"}},
	{false, "http://127.0.0.1:8080/", []string{"2d*vwbL6Oa9x", "-x", "+LI!vJNUVCF*6OYvVClDp^m^1mdK%I9RY~EJptx"}, []string{"-x", "2d*vwbl6oa9x", "+li!vjnuvcf*6oyvvcldp^m^1mdk%i9ry~ejptx"}},
	{false, "http://nt.test:8080/", []string{"oCLoGd18xNFo%jI^%AUkNra|rx", "JI7GR__#Qux", "5'!tmnx", "NtHxLUIF+PGx", "x", "Fox", "x"}, []string{"oclogd18xnfo%ji^%auknra|rx", "ji7gr__#qux", "fox", "nthxluif+pgx", "x", "5'!tmnx"}},
	{false, "http://localhost:8080/", []string{"oCLoGd18xNFo%jI^%AUkNra|rx", "JI7GR__#Qux", "5'!tmnx", "NtHxLUIF+PGx", "x", "Fox", "x"}, []string{"nthxluif+pgx", "x", "oclogd18xnfo%ji^%auknra|rx", "ji7gr__#qux", "fox", "5'!tmnx"}},
	{false, "http://nt.test:8080/", []string{"u_$gvfFx", "FZmV.o03tPsx", "$P'%xWOM|OOx", "FPXx", "pax"}, []string{"pax", "fpxx", "fzmv.o03tpsx", "u_$gvffx", "$p'%xwom|oox"}},
	{false, "http://localhost:8080/", []string{"u_$gvfFx", "FZmV.o03tPsx", "$P'%xWOM|OOx", "FPXx", "pax"}, []string{"u_$gvffx", "pax", "fpxx", "fzmv.o03tpsx", "$p'%xwom|oox"}},
	{false, "http://127.0.0.1:8080/", []string{"SAt|KWgT6zBZ.xr-D-RPxnw`.GmzPUiOZr%OMx", "*Dx"}, []string{"*dx", "sat|kwgt6zbz.xr-d-rpxnw`.gmzpuiozr%omx"}},
	{false, "http://nt.test:8080/", []string{"|vL~85x", "W&v2x", "V''hNOx", "Ll|G0t7x"}, []string{"w&v2x", "ll|g0t7x", "|vl~85x", "v''hnox"}},
	{false, "http://localhost:8080/", []string{"|vL~85x", "W&v2x", "V''hNOx", "Ll|G0t7x"}, []string{"w&v2x", "|vl~85x", "ll|g0t7x", "v''hnox"}},
	{false, "http://nt.test:8080/", []string{"6tnI`HIx", "xgq48iel`4x", "L.x", "i8^Ex"}, []string{"6tni`hix", "i8^ex", "l.x", "xgq48iel`4x"}},
	{false, "http://localhost:8080/", []string{"6tnI`HIx", "xgq48iel`4x", "L.x", "i8^Ex"}, []string{"l.x", "xgq48iel`4x", "6tni`hix", "i8^ex"}},
	{true, "http://127.0.0.1:8080/", []string{"TvHp!tlc9x", "nF~EY7x", "x", "5C`AL!ux", "%ux", "Fk|Fh9w^6fEs*u8GUt6%BD|I5Klx", "Zzx"}, []string{"nf~ey7x", "%ux", "tvhp!tlc9x", "x", "5c`al!ux", "fk|fh9w^6fes*u8gut6%bd|i5klx", "zzx"}},
	{false, "http://127.0.0.1:8080/", []string{"TvHp!tlc9x", "nF~EY7x", "x", "5C`AL!ux", "%ux", "Fk|Fh9w^6fEs*u8GUt6%BD|I5Klx", "Zzx"}, []string{"nf~ey7x", "%ux", "x", "tvhp!tlc9x", "5c`al!ux", "fk|fh9w^6fes*u8gut6%bd|i5klx", "zzx"}},
	{false, "http://nt.test:8080/", []string{"x", "ax", "E1x", "~c3j6x", "lN`HS6d0S+fx"}, []string{"ax", "ln`hs6d0s+fx", "~c3j6x", "e1x", "x"}},
	{false, "http://localhost:8080/", []string{"x", "ax", "E1x", "~c3j6x", "lN`HS6d0S+fx"}, []string{"ln`hs6d0s+fx", "~c3j6x", "e1x", "x", "ax"}},
	{false, "http://nt.test:8080/", []string{"FB8uG8+2x", "X6~x", "#TaKx", "4uIniHVx"}, []string{"fb8ug8+2x", "4uinihvx", "x6~x", "#takx"}},
	{false, "http://localhost:8080/", []string{"FB8uG8+2x", "X6~x", "#TaKx", "4uIniHVx"}, []string{"#takx", "fb8ug8+2x", "4uinihvx", "x6~x"}},
	{true, "http://127.0.0.1:8080/", []string{"dfvjV.x", "_9x", "Ex", "qqAnx", "x", "0HqQN7+TDyx", "x"}, []string{"x", "_9x", "dfvjv.x", "qqanx", "ex", "0hqqn7+tdyx"}},
	{false, "http://127.0.0.1:8080/", []string{"dfvjV.x", "_9x", "Ex", "qqAnx", "x", "0HqQN7+TDyx", "x"}, []string{"x", "_9x", "dfvjv.x", "qqanx", "0hqqn7+tdyx", "ex"}},
	{true, "http://127.0.0.1:8080/", []string{"rwuko2cx", "ox", "*5QGuw8fLR%H9M^!5u_mCNS1pI6B~j3F0x", "$VAx", "4lC-x", "&_F~aL'RJW&7C1FYFo^nzUf~Cb9z8x"}, []string{"4lc-x", "*5qguw8flr%h9m^!5u_mcns1pi6b~j3f0x", "rwuko2cx", "ox", "$vax", "&_f~al'rjw&7c1fyfo^nzuf~cb9z8x"}},
	{false, "http://127.0.0.1:8080/", []string{"rwuko2cx", "ox", "*5QGuw8fLR%H9M^!5u_mCNS1pI6B~j3F0x", "$VAx", "4lC-x", "&_F~aL'RJW&7C1FYFo^nzUf~Cb9z8x"}, []string{"4lc-x", "*5qguw8flr%h9m^!5u_mcns1pi6b~j3f0x", "ox", "rwuko2cx", "$vax", "&_f~al'rjw&7c1fyfo^nzuf~cb9z8x"}},
	{false, "http://127.0.0.1:8080/", []string{"N!IO6+`JxKeayA3OxCRV!J6tx", "lW7O&3k-MQx", "tEAx"}, []string{"n!io6+`jxkeaya3oxcrv!j6tx", "teax", "lw7o&3k-mqx"}},
	{true, "http://127.0.0.1:8080/", []string{"K5&odPwOx", "FU&Z7anl5EP7W|&%jv9$78r.a0x", "oR_x", "dQ4dHPFJhx", "Yzr*HKJg8YDx", "$x", "0Qeud!K|n|Xypfu8n-d&Eh|4cB+x", "lu%Zn#Kx"}, []string{"lu%zn#kx", "0qeud!k|n|xypfu8n-d&eh|4cb+x", "or_x", "fu&z7anl5ep7w|&%jv9$78r.a0x", "dq4dhpfjhx", "k5&odpwox", "$x", "yzr*hkjg8ydx"}},
	{false, "http://127.0.0.1:8080/", []string{"K5&odPwOx", "FU&Z7anl5EP7W|&%jv9$78r.a0x", "oR_x", "dQ4dHPFJhx", "Yzr*HKJg8YDx", "$x", "0Qeud!K|n|Xypfu8n-d&Eh|4cB+x", "lu%Zn#Kx"}, []string{"lu%zn#kx", "0qeud!k|n|xypfu8n-d&eh|4cb+x", "or_x", "fu&z7anl5ep7w|&%jv9$78r.a0x", "dq4dhpfjhx", "$x", "k5&odpwox", "yzr*hkjg8ydx"}},
	{true, "http://127.0.0.1:8080/", []string{"R9x", "Qk.$2E4mj||x", "uMGtyx", "fKdxDP$Vy#e7J.~p^yZPTzbZXu%~Dx", "#Vx9WSNphx", "x", "8Jr%F92WSx"}, []string{"r9x", "fkdxdp$vy#e7j.~p^yzptzbzxu%~dx", "x", "#vx9wsnphx", "8jr%f92wsx", "umgtyx", "qk.$2e4mj||x"}},
	{false, "http://127.0.0.1:8080/", []string{"R9x", "Qk.$2E4mj||x", "uMGtyx", "fKdxDP$Vy#e7J.~p^yZPTzbZXu%~Dx", "#Vx9WSNphx", "x", "8Jr%F92WSx"}, []string{"r9x", "fkdxdp$vy#e7j.~p^yzptzbzxu%~dx", "#vx9wsnphx", "x", "8jr%f92wsx", "umgtyx", "qk.$2e4mj||x"}},
	{true, "http://127.0.0.1:8080/", []string{"m$2LBaeq!x", "T^Z-PvvHpqhx", "x", "JhW'sAx"}, []string{"x", "m$2lbaeq!x", "t^z-pvvhpqhx", "jhw'sax"}},
	{false, "http://127.0.0.1:8080/", []string{"m$2LBaeq!x", "T^Z-PvvHpqhx", "x", "JhW'sAx"}, []string{"x", "t^z-pvvhpqhx", "m$2lbaeq!x", "jhw'sax"}},
	{true, "http://127.0.0.1:8080/", []string{"c6Fi!Px", "x", "9FUx", "fSfWXx", "dyJfj#$0aip!SST7`x1QD1xhmBdev+0!Ax", "J+x", "GWSv8'.uyB~~i4RGj`3&uox"}, []string{"fsfwxx", "j+x", "c6fi!px", "x", "gwsv8'.uyb~~i4rgj`3&uox", "dyjfj#$0aip!sst7`x1qd1xhmbdev+0!ax", "9fux"}},
	{false, "http://127.0.0.1:8080/", []string{"c6Fi!Px", "x", "9FUx", "fSfWXx", "dyJfj#$0aip!SST7`x1QD1xhmBdev+0!Ax", "J+x", "GWSv8'.uyB~~i4RGj`3&uox"}, []string{"fsfwxx", "j+x", "c6fi!px", "x", "gwsv8'.uyb~~i4rgj`3&uox", "9fux", "dyjfj#$0aip!sst7`x1qd1xhmbdev+0!ax"}},
	{true, "http://127.0.0.1:8080/", []string{"O6cDdx", "GAN~$Fx", "%1%'~~x", "lg4|x", ".cDLhNue0mx", "w%xZx", "q*'L&x", "2tLx"}, []string{"%1%'~~x", "w%xzx", "lg4|x", "o6cddx", ".cdlhnue0mx", "2tlx", "gan~$fx", "q*'l&x"}},
	{false, "http://127.0.0.1:8080/", []string{"O6cDdx", "GAN~$Fx", "%1%'~~x", "lg4|x", ".cDLhNue0mx", "w%xZx", "q*'L&x", "2tLx"}, []string{"%1%'~~x", "w%xzx", "lg4|x", ".cdlhnue0mx", "o6cddx", "2tlx", "gan~$fx", "q*'l&x"}},
	{false, "http://127.0.0.1:8080/", []string{"z", "zC1q&o#1'4b-Vl-YaLbaOqLH'bneyT+DNkEPghe5'XAsiSQrRNIm&GOj'.K0dd_ypQn#Lh$Kc&LPX6zoDGM!'30Ei'cWeVe", "zCS`_'ZyxucTCMZr`rG4Lxp%7afD5`BQ^yWDbT`P|Hl^CHNRE&u|3IdWvXTi7w3YG-3airytK47W|9iX9Yr-U`0!xw`'RU9", "zO"}, []string{"zc1q&o#1'4b-vl-yalbaoqlh'bneyt+dnkepghe5'xasisqrrnim&goj'.k0dd_ypqn#lh$kc&lpx6zodgm!'30ei'cweve", "z", "zo", "zcs`_'zyxuctcmzr`rg4lxp%7afd5`bq^ywdbt`p|hl^chnre&u|3idwvxti7w3yg-3airytk47w|9ix9yr-u`0!xw`'ru9"}},
	{false, "http://127.0.0.1:8080/", []string{"z7huE#mU~4W|3GTpls+ShX+sl&o_V!p4vr3Qnd#Hqs2Xb8uOIV63E+$HcI2ai5^eNa#.hhay", "zh`03_uA63woqsZcQ8!iJbZXSRvSUZ4&D9P_Cocs#3~3TlFs#b.k~grMfPxMn6mDqPD0yGlI0EFLhI*#S2Ii_cyrf~aT-ByLYAR'nxHa-8o5qv$#l#wINg2Zv_ztTY*bPeJ&XuZHQ-XOnjI57og2z2", "zm'Z`3tQORH|T1-DgXNBh*axctfOBX6ZRV7tfVXJ~~!f`Z*c1g+sjPjg3D$D", "zqcqc&%^Rw5ov+C.#n+sOpV$aD^sW5Uojp*eOiU~*90Cl9RUZ4"}, []string{"zh`03_ua63woqszcq8!ijbzxsrvsuz4&d9p_cocs#3~3tlfs#b.k~grmfpxmn6mdqpd0ygli0eflhi*#s2ii_cyrf~at-bylyar'nxha-8o5qv$#l#wing2zv_ztty*bpej&xuzhq-xonji57og2z2", "zqcqc&%^rw5ov+c.#n+sopv$ad^sw5uojp*eoiu~*90cl9ruz4", "zm'z`3tqorh|t1-dgxnbh*axctfobx6zrv7tfvxj~~!f`z*c1g+sjpjg3d$d", "z7hue#mu~4w|3gtpls+shx+sl&o_v!p4vr3qnd#hqs2xb8uoiv63e+$hci2ai5^ena#.hhay"}},
	{false, "http://127.0.0.1:8080/", []string{"z-|F*r7OTd9'HfD%tX4Yk4a!w|bSPKN*j'zn2yd3zgxtE7V!wo", "zjCZvCHdYyaT&hAObWYI#vd9O31jqe!j2zDt*!cXsdPvZ'di70Q^_+Y5Pn8b!InVC-P.s$Fg|+Jnt'UJ5uDvMmO$YVWW'2a8wkC+"}, []string{"zjczvchdyyat&haobwyi#vd9o31jqe!j2zdt*!cxsdpvz'di70q^_+y5pn8b!invc-p.s$fg|+jnt'uj5udvmmo$yvww'2a8wkc+", "z-|f*r7otd9'hfd%tx4yk4a!w|bspkn*j'zn2yd3zgxte7v!wo"}},
	{false, "http://127.0.0.1:8080/", []string{"z8gEEX`s'1`wQeyEhepH3NY!&Oj-vpu80Ls._VcE1~t%fHKtzcLyRMXl3hipPypZu&6G$BV_|XxRG!V2`&4&.VjEoz8a|5FuU", "zTyj0CGQnqR~&!^FteBfvZg-aayA&MQJ'JFwlh*'3QnAs65j*7LH3B9wh8Pr|Zv1*BmVNy5..LGJCZClrtTO99^'rxTy2ff%hL!_"}, []string{"z8geex`s'1`wqeyeheph3ny!&oj-vpu80ls._vce1~t%fhktzclyrmxl3hippypzu&6g$bv_|xxrg!v2`&4&.vjeoz8a|5fuu", "ztyj0cgqnqr~&!^ftebfvzg-aaya&mqj'jfwlh*'3qnas65j*7lh3b9wh8pr|zv1*bmvny5..lgjczclrtto99^'rxty2ff%hl!_"}},
	{false, "http://127.0.0.1:8080/", []string{"z-v.OsOGRHA6dD0n3uOLFA9BbHGV9zd6EBDSJvZ9ziJp*uS.zck^$#e3l1Izj.aTM$sqN*dS", "zHV2vRNcVPblpKqAXu0-pfHFQzE#Y9T3ootdnWEK.%SL_X.8", "z2i$~LjygA8Dp!lj'`&SwqaL*+!1HZ8aEq-4OFTfK8ba-sn_3N5FRCtQ1vWobT8oNHQzIKatHx#f0Yp~bkO6te3e.UIQv33m2"}, []string{"z2i$~ljyga8dp!lj'`&swqal*+!1hz8aeq-4oftfk8ba-sn_3n5frctq1vwobt8onhqzikathx#f0yp~bko6te3e.uiqv33m2", "zhv2vrncvpblpkqaxu0-pfhfqze#y9t3ootdnwek.%sl_x.8", "z-v.osogrha6dd0n3uolfa9bbhgv9zd6ebdsjvz9zijp*us.zck^$#e3l1izj.atm$sqn*ds"}},
	{false, "http://127.0.0.1:8080/", []string{"zy_fC9x2*^w50`v+", "zp$WNMjE77B2nMJq", "z8hPgjC*", "zotQ2V~-KBAo+I_aQD7ZjLrQF!df8vZrC#P#D9pN&U2xdLhwM~e-w~gKx~oi6'Clyz'p0K2#L6swS|%l~f|TwDR.!zH'`$.b5Z3D-d_QbW-pefUcHyo9khYOH6SA8|uy&pXR4HNdA$y6A8iEtsv*yE"}, []string{"zp$wnmje77b2nmjq", "zotq2v~-kbao+i_aqd7zjlrqf!df8vzrc#p#d9pn&u2xdlhwm~e-w~gkx~oi6'clyz'p0k2#l6sws|%l~f|twdr.!zh'`$.b5z3d-d_qbw-pefuchyo9khyoh6sa8|uy&pxr4hnda$y6a8ietsv*ye", "zy_fc9x2*^w50`v+", "z8hpgjc*"}},
	{false, "http://127.0.0.1:8080/", []string{"y", "qi&", "qk`", "qp2"}, []string{"qi&", "qk`", "qp2", "y"}},
	{false, "http://127.0.0.1:8080/", []string{"y#", "qye", "qnh", "qp8", "qju"}, []string{"qye", "qnh", "qp8", "y#", "qju"}},
	{false, "http://127.0.0.1:8080/", []string{"y2u", "qnt", "qa4"}, []string{"y2u", "qa4", "qnt"}},
	{false, "http://127.0.0.1:8080/", []string{"y*ph", "qw&", "qg5", "quq", "qk|"}, []string{"qk|", "quq", "qw&", "y*ph", "qg5"}},
	{false, "http://127.0.0.1:8080/", []string{"y&54y8%", "qic", "qrw", "qp3", "qs#"}, []string{"qrw", "qic", "y&54y8%", "qs#", "qp3"}},
	{false, "http://127.0.0.1:8080/", []string{"ye5a^f|*", "qy$", "qei", "qi`"}, []string{"qei", "ye5a^f|*", "qi`", "qy$"}},
	{false, "http://127.0.0.1:8080/", []string{"ym-58'dg+", "qmz", "qwp", "qp+"}, []string{"qwp", "ym-58'dg+", "qmz", "qp+"}},
	{false, "http://127.0.0.1:8080/", []string{"yvo!-_-7``39rw`", "qku", "qvg", "qsw", "qn'"}, []string{"yvo!-_-7``39rw`", "qn'", "qku", "qsw", "qvg"}},
	{false, "http://127.0.0.1:8080/", []string{"y*4bntm44hpgu'u9", "qub", "qs*", "qsy"}, []string{"qsy", "qub", "y*4bntm44hpgu'u9", "qs*"}},
	{false, "http://127.0.0.1:8080/", []string{"yrkyffjln.jk'1yy1", "qsq", "qgs"}, []string{"qsq", "yrkyffjln.jk'1yy1", "qgs"}},
	{false, "http://127.0.0.1:8080/", []string{"y&.~x5i60k%3gd^s1d!!9+q", "qq`", "qv&", "qxv"}, []string{"qxv", "qv&", "qq`", "y&.~x5i60k%3gd^s1d!!9+q"}},
	{false, "http://127.0.0.1:8080/", []string{"ylpkgg~ft&fdqd_kpg*noo6y", "qji", "qut"}, []string{"qji", "qut", "ylpkgg~ft&fdqd_kpg*noo6y"}},
	{false, "http://127.0.0.1:8080/", []string{"ybc7w!7|se8+x|tr|.|.h'b6f", "qlk", "qhe"}, []string{"ybc7w!7|se8+x|tr|.|.h'b6f", "qhe", "qlk"}},
	{false, "http://127.0.0.1:8080/", []string{"yzd'~#pno92spnv^87q#g~o~ne$1^-q", "qih", "qt8", "qn5", "qo0"}, []string{"qt8", "qn5", "qo0", "yzd'~#pno92spnv^87q#g~o~ne$1^-q", "qih"}},
	{false, "http://127.0.0.1:8080/", []string{"yc1|ul.gjpk0-t4+j`++iz'u0gnu7!**", "qjf", "qoh", "qkb"}, []string{"qoh", "yc1|ul.gjpk0-t4+j`++iz'u0gnu7!**", "qjf", "qkb"}},
	{false, "http://127.0.0.1:8080/", []string{"y|s`k|!u|111f81i~6b8#f%ta67glpq4.", "qiv", "qrp", "qa&"}, []string{"y|s`k|!u|111f81i~6b8#f%ta67glpq4.", "qrp", "qa&", "qiv"}},
	{false, "http://127.0.0.1:8080/", []string{"yy_8s!|1m$yry~!v||gedz~0wsz_$#6qb*s'gp4n", "qx9", "qbe", "qi4"}, []string{"yy_8s!|1m$yry~!v||gedz~0wsz_$#6qb*s'gp4n", "qi4", "qbe", "qx9"}},
	{false, "http://127.0.0.1:8080/", []string{"y68~!*+jd'7u_oq!v%x4yr9a!7ba~i27%+z4+feebt^l&~v", "qw0", "qb!", "qx5", "qp2"}, []string{"qp2", "y68~!*+jd'7u_oq!v%x4yr9a!7ba~i27%+z4+feebt^l&~v", "qx5", "qw0", "qb!"}},
	{false, "http://127.0.0.1:8080/", []string{"ye4-w#gj`lb3!24+lgpshs9ymre.8*qmm-!37n.#4ks.yk&_", "qog", "qmx", "qgg", "qqf"}, []string{"qog", "ye4-w#gj`lb3!24+lgpshs9ymre.8*qmm-!37n.#4ks.yk&_", "qgg", "qmx", "qqf"}},
	{false, "http://127.0.0.1:8080/", []string{"y.w9^k*wupcc7g!5za%0c&`od5ml#hnu~k8g1vl23bi*-qwm$", "qw1", "qhl", "qyc", "qn&"}, []string{"y.w9^k*wupcc7g!5za%0c&`od5ml#hnu~k8g1vl23bi*-qwm$", "qn&", "qw1", "qhl", "qyc"}},
	{false, "http://127.0.0.1:8080/", []string{"y&x9**|^9!_#~h~ixa$'5xk$#7j76w25mx^6av38r.tzf+juisd3!`'u", "qop", "qgn"}, []string{"qop", "qgn", "y&x9**|^9!_#~h~ixa$'5xk$#7j76w25mx^6av38r.tzf+juisd3!`'u"}},
	{false, "http://127.0.0.1:8080/", []string{"ybz+-x7z'~7l^1ciwh80yz.*tls-gda2kt7_x`.%~c+9$4d#o%q-bbylisxs'b'i96xu6_'k", "qk2", "qt_", "qe%"}, []string{"qk2", "qt_", "ybz+-x7z'~7l^1ciwh80yz.*tls-gda2kt7_x`.%~c+9$4d#o%q-bbylisxs'b'i96xu6_'k", "qe%"}},
	{false, "http://127.0.0.1:8080/", []string{"y66e*~2d$-aff_8^'7ky#fwv~wf|^b|tco%q~u#wi6gzyq_e~`p5d$!50o4tj4j9~p0'p^$2v^~o.az0o+ecx4wq-$2uz-l.", "qsx", "qk9"}, []string{"qk9", "y66e*~2d$-aff_8^'7ky#fwv~wf|^b|tco%q~u#wi6gzyq_e~`p5d$!50o4tj4j9~p0'p^$2v^~o.az0o+ecx4wq-$2uz-l.", "qsx"}},
	{false, "http://127.0.0.1:8080/", []string{"yx1a6oi$'7ig2$yu%uf'u8oq3imzip7'rey_gq8'5p#la_4+jf!eu0w!m!2_vqwy&%$rjeocqrdogzvh5k|'w~n.3`p1c9aho", "qhc", "qc|", "qb_", "qt."}, []string{"qc|", "yx1a6oi$'7ig2$yu%uf'u8oq3imzip7'rey_gq8'5p#la_4+jf!eu0w!m!2_vqwy&%$rjeocqrdogzvh5k|'w~n.3`p1c9aho", "qt.", "qhc", "qb_"}},
	{false, "http://127.0.0.1:8080/", []string{"w1w$~5y.*81l'r-ik2e^ft61", "wm^4bzlyhz&^j1%|21d#q#`3", "w%md`vi!npw1gj~e21e6pq!f", "w4p.$_&mt`_88&2fr7n|f1wf", "wy76vl^7hcy5jo%gvdmz-m4m", "w++z07ybn_!+_w1sy2hxv+24", "wlzi$y1yqpc~$f`-y66d13k."}, []string{"wm^4bzlyhz&^j1%|21d#q#`3", "w%md`vi!npw1gj~e21e6pq!f", "w++z07ybn_!+_w1sy2hxv+24", "wlzi$y1yqpc~$f`-y66d13k.", "wy76vl^7hcy5jo%gvdmz-m4m", "w1w$~5y.*81l'r-ik2e^ft61", "w4p.$_&mt`_88&2fr7n|f1wf"}},
	{false, "http://127.0.0.1:8080/", []string{"wk~a5*a1d|c6s%`cl`'l_9q*", "wil0j7^tl38drw*r+6*o_k~&", "wtdl.x*z.e3xrrkwm1r`d&bs", "wszk99w+r9txbnv+_#g8c5|x", "w4hfjvx|3^ido`1id&lb#%5!", "wd_7^ucu*y9gx+4icu~2d9b7", "wc.&-49zzlyx2xsdp1*abvg~"}, []string{"wil0j7^tl38drw*r+6*o_k~&", "w4hfjvx|3^ido`1id&lb#%5!", "wc.&-49zzlyx2xsdp1*abvg~", "wk~a5*a1d|c6s%`cl`'l_9q*", "wtdl.x*z.e3xrrkwm1r`d&bs", "wd_7^ucu*y9gx+4icu~2d9b7", "wszk99w+r9txbnv+_#g8c5|x"}},
}

func TestChromiumHeaderOrderMatchesObservedWire(t *testing.T) {
	for _, o := range observedOrders {
		u, err := url.Parse(o.target)
		if err != nil {
			t.Fatal(err)
		}
		req := &Request{Origin: "http://127.0.0.1:9000", Method: http.MethodGet, URL: u, Header: http.Header{}}
		for _, n := range o.set {
			req.Header.Add(n, "1")
		}
		if o.xhr {
			req.Initiator, req.HeaderOrder = InitiatorXHR, o.set
		}
		if got := chromiumHeaderOrder(req); !slices.Equal(got, o.wire) {
			t.Errorf("xhr %v, %s, set %q:\n got  %q\n want %q", o.xhr, o.target, o.set, got, o.wire)
		}
	}
}

func TestChromiumHeaderOrderIgnoresHeadersNotSent(t *testing.T) {
	// XMLHttpRequest drops a page-set User-Agent and forbidden names; Chromium 156 put
	// the rest on the wire exactly as without them.
	var o = observedOrders[0]
	for _, oo := range observedOrders {
		if oo.xhr {
			o = oo // the last XMLHttpRequest observation
		}
	}
	for _, extra := range []string{"User-Agent", "Cookie", "Sec-Custom"} {
		req := &Request{Origin: "http://127.0.0.1:9000", Method: http.MethodGet, URL: mustURL(t, o.target),
			Header: http.Header{extra: {"x"}}, Options: Options{Initiator: InitiatorXHR}}
		for _, n := range o.set {
			req.Header.Add(n, "1")
		}
		req.HeaderOrder = append([]string{extra}, o.set...)
		if got := chromiumHeaderOrder(req); !slices.Equal(got, o.wire) {
			t.Errorf("with %s set first:\n got  %q\n want %q", extra, got, o.wire)
		}
	}
}

// refusedName returns the header CheckPreflight names when the response refuses every
// header but those in allow.
func refusedName(t *testing.T, req *Request, allow string) string {
	t.Helper()
	h := preflightResp("*", "Access-Control-Allow-Methods", "*")
	if allow != "" {
		h[fetchspec.HeaderACAH] = []string{allow}
	}
	_, e := CheckPreflight(req, 204, h)
	if e == nil || e.Kind != ErrorKindHeaderDisallowedByPreflightResponse {
		t.Fatalf("got %+v, want a refused header", e)
	}
	return e.Value
}

// The header named in Chromium 156's console for requests whose preflight response
// refuses several headers (observed in the e2e suite and by hand).
func TestCheckPreflightNamesTheHeaderChromiumNames(t *testing.T) {
	long := strings.Repeat("1", 128)
	text := strings.Repeat("a", 128)
	tests := []struct {
		name    string
		target  string
		xhr     bool
		set     [][2]string
		allow   string
		want    string
		wantStd string // ProfileSpec: the first refused in sorted order
	}{
		{"fetch", "http://127.0.0.1:8080/", false,
			[][2]string{{"X-Z", "1"}, {"X-Custom", "1"}, {"X-A", "1"}}, "", "x-custom", "x-a"},
		{"fetch, the first allowed", "http://127.0.0.1:8080/", false,
			[][2]string{{"X-Z", "1"}, {"X-Custom", "1"}, {"X-A", "1"}}, "X-CUSTOM", "x-z", "x-a"},
		{"fetch, Authorization", "http://127.0.0.1:8080/", false,
			[][2]string{{"Authorization", "1"}, {"Z-B", "1"}}, "", "z-b", "authorization"},
		{"fetch sorts", "http://127.0.0.1:8080/", false,
			[][2]string{{"TvHp!tlc9x", "1"}, {"nF~EY7x", "1"}, {"x", "1"}, {"5C`AL!ux", "1"}, {"%ux", "1"}, {"Zzx", "1"}},
			"nF~EY7x, %ux", "x", "5c`al!ux"},
		{"XMLHttpRequest keeps the page's order", "http://127.0.0.1:8080/", true,
			[][2]string{{"TvHp!tlc9x", "1"}, {"nF~EY7x", "1"}, {"x", "1"}, {"5C`AL!ux", "1"}, {"%ux", "1"}, {"Fk|Fh9w^6fEs*u8GUt6%BD|I5Klx", "1"}, {"Zzx", "1"}},
			"nF~EY7x, %ux", "tvhp!tlc9x", "5c`al!ux"},
		{"no client hints to a URL that is not trustworthy", "http://nt.test:8080/", false,
			[][2]string{{"u_$gvfFx", "1"}, {"FZmV.o03tPsx", "1"}, {"$P'%xWOM|OOx", "1"}, {"FPXx", "1"}, {"pax", "1"}}, "", "pax", "$p'%xwom|oox"},
		{"client hints to localhost", "http://localhost:8080/", false,
			[][2]string{{"u_$gvfFx", "1"}, {"FZmV.o03tPsx", "1"}, {"$P'%xWOM|OOx", "1"}, {"FPXx", "1"}, {"pax", "1"}}, "", "u_$gvffx", "$p'%xwom|oox"},
		{"safelisted values over 1024 bytes count, after the others", "http://127.0.0.1:8080/", false,
			[][2]string{{"Accept", text}, {"Accept-Language", text}, {"Content-Language", text}, {"DPR", long}, {"Device-Memory", long},
				{"Width", long}, {"Viewport-Width", long}, {"RTT", long}, {"Downlink", long}, {"X-Custom", "1"}},
			"", "x-custom", "device-memory"},
		{"safelisted values over 1024 bytes come after the others, in list order", "http://127.0.0.1:8080/", false,
			[][2]string{{"Accept", text}, {"Accept-Language", text}, {"Content-Language", text}, {"DPR", long}, {"Device-Memory", long},
				{"Width", long}, {"Viewport-Width", long}, {"RTT", long}, {"Downlink", long}, {"X-Custom", "1"}},
			"x-custom", "viewport-width", "device-memory"}, // the standard safelists no client hint
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range []Profile{ProfileChromium, ProfileSpec} {
				req := &Request{Origin: "http://127.0.0.1:9000", Method: http.MethodGet, URL: mustURL(t, tt.target),
					Header: http.Header{}, Profile: p}
				for _, kv := range tt.set {
					req.Header.Add(kv[0], kv[1])
					req.HeaderOrder = append(req.HeaderOrder, kv[0])
				}
				if tt.xhr {
					req.Initiator = InitiatorXHR
				}
				want := tt.want
				if p == ProfileSpec {
					want = tt.wantStd
				}
				if got := refusedName(t, req, tt.allow); got != want {
					t.Errorf("%v: named %q, want %q", p, got, want)
				}
			}
		})
	}
}

func TestUnsafeHeaderOrderPutsNamesMissingFromTheOrderLast(t *testing.T) {
	req := &Request{Origin: "http://127.0.0.1:9000", Method: http.MethodGet, URL: mustURL(t, "http://127.0.0.1:8080/"),
		Header: http.Header{"X-A": {"1"}, "X-B": {"1"}, "X-C": {"1"}, "X-D": {"1"}}}
	req.order = []string{"x-c", "x-a"}
	if got, want := unsafeHeaderOrder(req), []string{"x-c", "x-a", "x-b", "x-d"}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	// Safelisted names over the 1024-byte budget still come after every other name.
	for _, n := range []string{"Accept", "Accept-Language", "Content-Language", "DPR", "Device-Memory", "Width", "Viewport-Width", "RTT", "Downlink"} {
		req.Header[n] = []string{strings.Repeat("1", 128)}
	}
	req.Header["Accept"] = []string{strings.Repeat("a", 128)}
	req.order = []string{"accept", "x-c", "dpr", "x-a"}
	want := []string{"x-c", "x-a", "x-b", "x-d", "accept", "dpr", "accept-language", "content-language", "device-memory", "downlink", "rtt", "viewport-width", "width"}
	if got := unsafeHeaderOrder(req); !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestClientHintsAllowedOnPotentiallyTrustworthyURLs(t *testing.T) {
	// https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy, for the
	// http(s) URLs Blink sends client hints to.
	for s, want := range map[string]bool{
		"https://api.example/": true, "HTTPS://api.example/": true, "http://localhost:8080/": true,
		"http://api.localhost/": true, "http://LOCALHOST./": true, "http://127.0.0.1/": true,
		"http://127.8.9.10:81/": true, "http://[::1]:8080/": true,
		"http://api.example/": false, "http://10.0.0.1/": false, "http://localhost.example/": false,
		"http://[::2]/": false, "ws://127.0.0.1/": false, "ftp://localhost/": false,
	} {
		if got := clientHintsAllowed(mustURL(t, s)); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
	if clientHintsAllowed(nil) {
		t.Error("nil URL: true, want false")
	}
}

// A cross-origin redirect removes Authorization from Chromium's header list in place:
// the next preflight's refusal follows the list of the request as the page made it.
// Observed in Chromium 156 (page → 127.0.0.1 API, 307 → another 127.0.0.1 origin whose
// preflight allows no header): it names qe'e8nbc, where the same headers without
// Authorization would give q&rxe*cokw95 first.
func TestTransportNamesRefusedHeaderInTheOrderOfTheRequestAsMade(t *testing.T) {
	third := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Methods", "*")
	})
	api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "*")
			w.Header().Set("Access-Control-Allow-Headers", "*")
			return
		}
		w.Header().Set("Location", third.URL+"/next")
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
	hdr := http.Header{}
	for _, n := range []string{"Authorization", "qE'e8NbC", "qwAuNnA", "q&RxE*Cokw95"} {
		hdr.Add(n, "1")
	}
	_, _, err := do(t, &Transport{Origin: page}, http.MethodGet, api.URL+"/first", nil, hdr, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindHeaderDisallowedByPreflightResponse || e.Value != "qe'e8nbc" {
		t.Fatalf("got %v, want qe'e8nbc refused", err)
	}
	if n := len(third.requests()); n != 1 {
		t.Fatalf("third origin saw %d requests, want the preflight only", n)
	}
}

// fetch() refuses an empty header name, but a Go caller can put one in a Request: it is
// left out of Chromium's order (it never reaches Chromium) and checked last.
func TestChromiumHeaderOrderEmptyName(t *testing.T) {
	req := &Request{Origin: "http://127.0.0.1:9000", Method: http.MethodGet, URL: mustURL(t, "http://127.0.0.1:8080/"),
		Header: http.Header{"": {"v"}, "X-A": {"1"}, "X-B": {"1"}}}
	if got := chromiumHeaderOrder(req); !slices.Equal(got, []string{"x-a", "x-b"}) {
		t.Fatalf("order %q, want [x-a x-b] (observed for X-A, X-B)", got)
	}
	if got := unsafeHeaderOrder(req); !slices.Equal(got, []string{"x-a", "x-b", ""}) {
		t.Fatalf("unsafe names %q, want the empty one last", got)
	}
}
