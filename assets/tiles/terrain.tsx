<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.8" tiledversion="1.8.2" name="terrain" tilewidth="16" tileheight="16" tilecount="32" columns="16">
 <image source="terrain.png" width="256" height="32"/>
 <tile id="0">
  <properties>
   <property name="terrain" value="snow"/>
  </properties>
 </tile>
 <tile id="1">
  <properties>
   <property name="terrain" value="snow"/>
  </properties>
 </tile>
 <tile id="2">
  <properties>
   <property name="terrain" value="snow"/>
  </properties>
 </tile>
 <tile id="3">
  <properties>
   <property name="terrain" value="trail"/>
  </properties>
 </tile>
 <tile id="4">
  <properties>
   <property name="terrain" value="trail"/>
  </properties>
 </tile>
 <tile id="5">
  <properties>
   <property name="terrain" value="deep_snow"/>
  </properties>
 </tile>
 <tile id="6">
  <properties>
   <property name="terrain" value="deep_snow"/>
  </properties>
 </tile>
 <tile id="7">
  <properties>
   <property name="terrain" value="ice"/>
  </properties>
 </tile>
 <tile id="8">
  <properties>
   <property name="terrain" value="ice"/>
  </properties>
 </tile>
 <tile id="9">
  <properties>
   <property name="terrain" value="thin_ice"/>
  </properties>
 </tile>
 <tile id="10">
  <properties>
   <property name="terrain" value="overflow"/>
  </properties>
 </tile>
 <tile id="11">
  <properties>
   <property name="terrain" value="water"/>
  </properties>
  <animation>
   <frame tileid="11" duration="250"/>
   <frame tileid="12" duration="250"/>
   <frame tileid="13" duration="250"/>
  </animation>
 </tile>
 <tile id="12">
  <properties>
   <property name="terrain" value="water"/>
  </properties>
 </tile>
 <tile id="13">
  <properties>
   <property name="terrain" value="water"/>
  </properties>
 </tile>
 <tile id="14">
  <properties>
   <property name="terrain" value="cliff"/>
  </properties>
 </tile>
 <tile id="15">
  <properties>
   <property name="terrain" value="cliff"/>
  </properties>
 </tile>
 <tile id="16">
  <properties>
   <property name="terrain" value="tree"/>
  </properties>
 </tile>
 <tile id="17">
  <properties>
   <property name="terrain" value="tree"/>
  </properties>
 </tile>
 <tile id="18">
  <properties>
   <property name="terrain" value="rock"/>
  </properties>
 </tile>
 <tile id="19">
  <properties>
   <property name="terrain" value="rock"/>
  </properties>
 </tile>
 <tile id="20">
  <properties>
   <property name="terrain" value="building"/>
  </properties>
 </tile>
 <tile id="21">
  <properties>
   <property name="terrain" value="building"/>
  </properties>
 </tile>
 <tile id="22">
  <properties>
   <property name="terrain" value="tree"/>
  </properties>
 </tile>
 <tile id="26">
  <properties>
   <property name="terrain" value="trail"/>
  </properties>
 </tile>
 <tile id="27">
  <properties>
   <property name="terrain" value="deep_snow"/>
  </properties>
 </tile>
</tileset>
