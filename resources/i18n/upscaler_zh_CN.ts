<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="29"/>
        <source>Enlarges images with deep-learning super-resolution, offline.</source>
        <extracomment>The &quot;(&amp;O)&quot; accelerator that translations append in parentheses (Chinese, Japanese...).</extracomment>
        <translation>使用深度学习超分辨率离线放大图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="30"/>
        <source>Model licences</source>
        <translation>模型许可证</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="32"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="33"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="34"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="36"/>
        <source>Bicubic and Lanczos are built in.</source>
        <translation>双三次与 Lanczos 插值为内置功能。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="70"/>
        <source>Show the original while held (Toggle Before/After)</source>
        <translation>按住时显示原图（切换前后对比）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="71"/>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="73"/>
        <source>Preview the selected rectangle</source>
        <translation>预览所选矩形</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="73"/>
        <source>Shift+drag</source>
        <translation>Shift+拖动</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="74"/>
        <source>Zoom around the pointer</source>
        <translation>以指针为中心缩放</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="74"/>
        <source>Mouse wheel</source>
        <translation>鼠标滚轮</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="75"/>
        <source>Pan, or move the split divider</source>
        <translation>平移，或移动分割线</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/about.py" line="75"/>
        <source>Drag</source>
        <translation>拖动</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="109"/>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="110"/>
        <source>Save &amp;As...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="111"/>
        <source>Save A&amp;ll...</source>
        <translation>全部保存(&amp;L)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="112"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="113"/>
        <source>Clear Recent Files</source>
        <translation>清除最近文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="114"/>
        <source>&amp;Paste Image</source>
        <translation>粘贴图像(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="115"/>
        <source>&amp;Copy Result</source>
        <translation>复制结果(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="116"/>
        <source>Zoom &amp;In</source>
        <translation>放大显示(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="117"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小显示(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="118"/>
        <source>Zoom to &amp;Fit</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="119"/>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="120"/>
        <source>&amp;Split View</source>
        <translation>分割视图(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="121"/>
        <source>Side &amp;by Side</source>
        <translation>并排对比(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="122"/>
        <source>&amp;Toggle Before/After</source>
        <translation>切换前后对比(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="123"/>
        <source>&amp;Batch Queue</source>
        <translation>批处理队列(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="124"/>
        <source>&amp;Upscale</source>
        <translation>放大(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="125"/>
        <source>&amp;Preview Visible Area</source>
        <translation>预览可见区域(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="126"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="127"/>
        <source>&amp;Download Missing Models...</source>
        <translation>下载缺失的模型(&amp;D)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="128"/>
        <source>&amp;Import Model File...</source>
        <translation>导入模型文件(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="129"/>
        <source>Set Models &amp;Folder...</source>
        <translation>设置模型文件夹(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="130"/>
        <source>&amp;Open Models Folder</source>
        <translation>打开模型文件夹(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="131"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="132"/>
        <source>&amp;About Upscaler</source>
        <translation>关于 Upscaler(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="133"/>
        <source>System Language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="139"/>
        <source>Upscale the image (or run the batch queue)</source>
        <translation>放大图像（或运行批处理队列）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="141"/>
        <source>Run the model on the visible area or the selected rectangle only</source>
        <translation>仅对可见区域或选中的矩形运行模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="143"/>
        <source>Stop the running job</source>
        <translation>停止正在运行的任务</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="144"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="145"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="146"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="147"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="148"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="149"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="150"/>
        <source>&amp;Choose Model</source>
        <translation>选择模型(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/actions.py" line="151"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>BatchPanel</name>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="194"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="196"/>
        <source>running {percent}%</source>
        <translation>运行中 {percent}%</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="198"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="200"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="201"/>
        <source>failed: {message}</source>
        <translation>失败：{message}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="218"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="218"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="219"/>
        <source>Next to each input file</source>
        <translation>与各输入文件相同的位置</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="220"/>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="221"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="222"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="223"/>
        <source>File names</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="225"/>
        <source>{stem} is the input&apos;s name, {scale} the factor, {model} the model</source>
        <translation>{stem} 为输入文件名，{scale} 为倍数，{model} 为模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="227"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="228"/>
        <source>Same as input</source>
        <translation>与输入相同</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="231"/>
        <source>Continue past failures</source>
        <translation>出错时继续处理</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="232"/>
        <source>Upscale All</source>
        <translation>全部放大</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="233"/>
        <source>Open Output Folder</source>
        <translation>打开输出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/batch_panel.py" line="234"/>
        <source>Remove Finished</source>
        <translation>移除已完成</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../desktop/upscaler/ui/compare_view.py" line="189"/>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/compare_view.py" line="189"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/compare_view.py" line="190"/>
        <source>Image comparison</source>
        <translation>图像对比</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="28"/>
        <source>Open Images</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="30"/>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="32"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="40"/>
        <source>Save Result As</source>
        <translation>结果另存为</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="49"/>
        <source>Import Model File</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/dialogs.py" line="51"/>
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
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="115"/>
        <source>Tick the models to download.</source>
        <translation>请勾选要下载的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="119"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="128"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="130"/>
        <source>All downloads finished and verified.</source>
        <translation>所有下载已完成并通过校验。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="133"/>
        <source>Downloading {label}...</source>
        <translation>正在下载 {label}...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="144"/>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/download_dialog.py" line="180"/>
        <source>Download cancelled; nothing was kept.</source>
        <translation>下载已取消，未保留任何文件。</translation>
    </message>
</context>
<context>
    <name>Drop</name>
    <message>
        <location filename="../../desktop/upscaler/ui/drop.py" line="59"/>
        <source>the folder holds no images</source>
        <translation>该文件夹中没有图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/drop.py" line="65"/>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/drop.py" line="71"/>
        <source>not an image file</source>
        <translation>不是图像文件</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/drop.py" line="86"/>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="280"/>
        <source>Pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="298"/>
        <source>Some items were not opened</source>
        <translation>部分项目未能打开</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="300"/>
        <source>{name} looks like a model file. Import it as a model?</source>
        <translation>{name} 看起来是模型文件。要将其导入为模型吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="303"/>
        <source>Import Model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="312"/>
        <source>{count} file(s) added to the running batch.</source>
        <translation>已将 {count} 个文件加入正在运行的批处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="314"/>
        <source>{count} file(s) queued; start them with Upscale All when done.</source>
        <translation>已将 {count} 个文件加入队列；当前任务完成后请用“全部放大”开始处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="340"/>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="607"/>
        <source>Cannot open image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="376"/>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="393"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="376"/>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="387"/>
        <source>Wait for the run to finish (or cancel it) before pasting an image.</source>
        <translation>请等当前任务完成（或取消它）后再粘贴图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="404"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="407"/>
        <source>Result copied to the clipboard.</source>
        <translation>结果已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="438"/>
        <source>Upscaling with {label}...</source>
        <translation>正在用 {label} 放大...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="476"/>
        <source>Previewing {label}...</source>
        <translation>正在用 {label} 预览...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="506"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="540"/>
        <source>Done in under a second.</source>
        <translation>完成，用时不到一秒。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="542"/>
        <source>Done in {time}.</source>
        <translation>完成，用时 {time}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="549"/>
        <source>Preview ready.</source>
        <translation>预览已完成。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="561"/>
        <source>Upscaling failed</source>
        <translation>放大失败</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="590"/>
        <source>Batch stopped: {done} done, {failed} failed, {left} not done.</source>
        <translation>批处理已停止：{done} 个完成，{failed} 个失败，{left} 个未处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="592"/>
        <source>Batch finished: {done} done, {failed} failed.</source>
        <translation>批处理结束：{done} 个完成，{failed} 个失败。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="620"/>
        <source>pasted</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="631"/>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="644"/>
        <source>Save As</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="631"/>
        <source>There is no result yet: upscale first.</source>
        <translation>还没有结果：请先放大。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="642"/>
        <source>{format} cannot store transparency. Save the image on a white background?</source>
        <translation>{format} 无法保存透明度。要把图像放在白色背景上保存吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="653"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="655"/>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="662"/>
        <source>Saving {name}...</source>
        <translation>正在保存 {name}...</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="688"/>
        <source>Save All</source>
        <translation>全部保存</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="689"/>
        <source>Save All works on the batch queue: open or drop several images first.</source>
        <translation>“全部保存”作用于批处理队列：请先打开或拖入多张图像。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="692"/>
        <source>Save All Into</source>
        <translation>全部保存到</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="703"/>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="715"/>
        <source>Output Folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="715"/>
        <source>Results are written next to each input file.</source>
        <translation>结果将保存在各输入文件旁边。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="791"/>
        <source>About Upscaler</source>
        <translation>关于 Upscaler</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="796"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="802"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="803"/>
        <source>Tile</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="804"/>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="806"/>
        <source>Smaller tiles use less memory; Auto picks the largest that fits</source>
        <translation>分块越小占用内存越少；“自动”会选择内存允许的最大分块</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="808"/>
        <source>Batch Queue</source>
        <translation>批处理队列</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/main_window.py" line="810"/>
        <source>Drop images or folders here, or use File &gt; Open (Ctrl+O).</source>
        <translation>将图像或文件夹拖到这里，或使用“文件 &gt; 打开”（Ctrl+O）。</translation>
    </message>
</context>
<context>
    <name>ModelCommands</name>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="66"/>
        <source>{label} is not installed. Download it now ({size})?</source>
        <translation>{label} 尚未安装。现在下载吗（{size}）？</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="69"/>
        <source>Model not installed</source>
        <translation>模型未安装</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="88"/>
        <source>Download Models</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="88"/>
        <source>Every model is installed.</source>
        <translation>所有模型均已安装。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="110"/>
        <source>Import Model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="114"/>
        <source>{label} verified and installed in {folder}.</source>
        <translation>{label} 已通过校验并安装到 {folder}。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_commands.py" line="122"/>
        <source>Models Folder</source>
        <translation>模型文件夹</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="73"/>
        <source>instant</source>
        <translation>即时</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="74"/>
        <source>fast</source>
        <translation>快</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="75"/>
        <source>medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="76"/>
        <source>slow</source>
        <translation>慢</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="79"/>
        <source>{name} (built in, {speed})</source>
        <translation>{name}（内置，{speed}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="81"/>
        <source>{name} (installed, {size}, {speed})</source>
        <translation>{name}（已安装，{size}，{speed}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="84"/>
        <source>{name} (not installed, {size}, {speed})</source>
        <translation>{name}（未安装，{size}，{speed}）</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="110"/>
        <source>Scale</source>
        <translation>倍数</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="111"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="112"/>
        <source>How many times larger the result is</source>
        <translation>结果放大的倍数</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/model_picker.py" line="114"/>
        <source>Bigger networks look better and run slower; bicubic needs no download</source>
        <translation>网络越大效果越好但越慢；双三次插值无需下载</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="53"/>
        <source>Zoom: 100% shows one result pixel per screen pixel</source>
        <translation>缩放：100% 表示一个结果像素对应一个屏幕像素</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="75"/>
        <source>%v/%m tiles</source>
        <translation>%v/%m 块</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="93"/>
        <source>{elapsed} elapsed</source>
        <translation>已用 {elapsed}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/status.py" line="98"/>
        <source>about {left} left</source>
        <translation>约剩 {left}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/estimate_text.py" line="22"/>
        <source>under a second</source>
        <translation>不到一秒</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/estimate_text.py" line="24"/>
        <source>about {time}</source>
        <translation>约 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/estimate_text.py" line="26"/>
        <source>Estimate: {memory} of memory, {time}</source>
        <translation>预计：内存 {memory}，{time}</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/estimate_text.py" line="28"/>
        <source>Estimate: {memory} of memory, {time} ({tiles} tiles)</source>
        <translation>预计：内存 {memory}，{time}（{tiles} 块）</translation>
    </message>
</context>
<context>
    <name>UpscaleWorker</name>
    <message>
        <location filename="../../desktop/upscaler/ui/worker.py" line="90"/>
        <source>Not enough memory for this job; choose a smaller tile size.</source>
        <translation>内存不足，无法完成此任务；请选择更小的分块。</translation>
    </message>
    <message>
        <location filename="../../desktop/upscaler/ui/worker.py" line="98"/>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
</context>
</TS>
